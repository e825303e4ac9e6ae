from dockerlint import lint

GOOD = """\
# a lean, cache-friendly image
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY src/ ./src/
USER 1000
CMD ["uvicorn", "src.app:app", "--host", "0.0.0.0"]
"""


def test_a_good_dockerfile_is_clean():
    assert lint(GOOD) == []


def test_untagged_and_latest_images():
    base = "USER app\n"
    assert lint("FROM python\n" + base) == [(1, "DL001")]
    assert lint("FROM python:latest\n" + base) == [(1, "DL001")]
    assert lint("FROM registry.example.com:5000/team/api\n" + base) == [(1, "DL001")]
    assert lint("FROM registry.example.com:5000/team/api:1.4\n" + base) == []
    assert lint("FROM python@sha256:" + "a" * 64 + "\n" + base) == []
    assert lint("from --platform=linux/amd64 python:3.12 as base\n" + base) == []


def test_root_user_in_the_final_stage():
    assert lint("FROM python:3.12\nRUN echo hi\n") == [(1, "DL002")]
    assert lint("FROM python:3.12\nUSER 1000\nUSER root\n") == [(1, "DL002")]
    assert lint("FROM python:3.12\nUSER 0:0\n") == [(1, "DL002")]
    multi = "FROM python:3.12 AS builder\nUSER 1000\n\nFROM python:3.12-slim\nCOPY --from=builder /w /w\n"
    assert lint(multi) == [(4, "DL002")]  # the builder's USER does not carry over
    assert lint("FROM python:3.12 AS builder\nFROM builder\nUSER app\n") == []  # an alias is not an untagged image


def test_secret_files_copied_into_layers():
    text = "FROM python:3.12\nCOPY .env /app/.env\nADD certs/server.key /etc/\nCOPY config/keys.txt /app/\nUSER 1\n"
    assert lint(text) == [(2, "DL003"), (3, "DL003")]


def test_pip_cache_and_layer_order():
    text = "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nUSER 1\n"
    assert lint(text) == [(3, "DL004"), (3, "DL005")]
    later_stage = "FROM python:3.12 AS a\nCOPY . .\nFROM python:3.12\nRUN pip install --no-cache-dir x\nUSER 1\n"
    assert lint(later_stage) == []


def test_continuations_report_the_starting_line():
    text = "FROM python:3.12\nRUN apt-get update && \\\n    pip install \\\n      torch\nUSER 1\n"
    assert lint(text) == [(2, "DL004")]


def test_secrets_in_env_and_arg():
    text = (
        "FROM python:3.12\nARG OPENAI_API_KEY\nENV HF_TOKEN=abc LOG_LEVEL=info\n"
        "ENV db_password secret\nENV MODEL_NAME=llama3\nARG VERSION=1\nUSER 1\n"
    )
    assert lint(text) == [(2, "DL006"), (3, "DL006"), (4, "DL006")]
