"""The rag-platform template: renders cleanly, and each rendering passes its own suite in a fresh venv.

The slow part (one venv with the test, dev, pgvector and browser extras) is built once per
module and shared: the default rendering runs its whole suite (the chat page in the system
Chromium when there is one), then its store tests on pgserver's PostgreSQL with pgvector, then
ruff and mypy; the options rendering is installed into the same venv without dependencies and
runs its config, CLI and answer tests, ruff and mypy.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .template_support import TEMPLATES, assert_passed, make_venv, render, run_pytest

TEMPLATE = TEMPLATES / "rag-platform"
OPTIONS = {
    "project_name": "Docs Search Service",
    "author": "Ada Lovelace",
    "chat_model": "qwen2.5:7b",
    "embedding_model": "mxbai-embed-large",
    "top_k": "3",
    "chunk_size": "500",
    "chunk_overlap": "60",
}
EXTRAS = "test,dev,pgvector,browser"


def _text_files(project: Path) -> list[Path]:
    return [
        p for p in project.rglob("*") if p.is_file() and ".venv" not in p.parts and p.suffix not in (".pdf", ".pyc")
    ]


def _run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_cookiecutter_json_declares_the_options_and_a_description():
    config = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    assert {"project_name", "project_slug", "package_name", "author"} <= set(config)
    assert {"chat_model", "embedding_model", "top_k"} <= set(config)
    assert config["_description"] and "\n" not in config["_description"]


def test_the_template_ships_no_byte_compiled_files():
    stale = [p for p in TEMPLATE.rglob("*") if p.suffix in (".pyc", ".pyo") or p.name == "__pycache__"]
    assert stale == []


def test_defaults_render_every_file_and_keep_runtime_templates(tmp_path):
    project = render("rag-platform", tmp_path)
    assert project.name == "rag-platform"
    package = project / "src" / "rag_platform"
    for rel in (
        "api/app.py",
        "api/security.py",
        "cli.py",
        "ingestion/chunking.py",
        "ingestion/jobs.py",
        "retrieval/dense.py",
        "retrieval/hybrid.py",
        "answers/service.py",
        "access/keys.py",
        "stores/qdrant.py",
        "stores/pgvector.py",
        "observability/evaluation.py",
        "templates/dashboard.html",
        "templates/chat.html",
    ):
        assert (package / rel).is_file(), rel
    for rel in (
        "Dockerfile",
        "docker-compose.yml",
        ".env.example",
        ".github/workflows/ci.yml",
        "eval/golden.json",
        "bench/ingest_bench.py",
        "sample_docs/service-schedule.pdf",
        "sample_docs/parts-catalogue.pdf",
        "README.md",
    ):
        assert (project / rel).is_file(), rel
    assert not [p for p in project.rglob("*") if p.suffix == ".pyc" or p.name == "__pycache__"]
    for path in _text_files(project):
        assert "cookiecutter." not in path.read_text(encoding="utf-8"), path
    # Runtime templates survive cookiecutter untouched.
    assert "{% for run in runs|reverse %}" in (package / "templates/dashboard.html").read_text()
    assert "${{ matrix.python-version }}" in (project / ".github/workflows/ci.yml").read_text()
    for pdf in ("service-schedule.pdf", "parts-catalogue.pdf"):
        source = TEMPLATE / "{{cookiecutter.project_slug}}" / "sample_docs" / pdf
        assert (project / "sample_docs" / pdf).read_bytes() == source.read_bytes()
    # The README highlights exactly two commands: run on the embedded default, and test.
    readme = (project / "README.md").read_text()
    commands = re.findall(r"```bash\n(.*?)```", readme, re.S)
    assert len(commands) == 2
    assert "rag-platform quickstart" in commands[0] and "pytest" in commands[1]
    for topic in ("## Hybrid retrieval", "## Ingestion jobs", "/ready", "## Postgres + pgvector"):
        assert topic in readme, topic


def test_workflow_and_compose_are_valid_and_locked_down(tmp_path):
    import yaml

    project = render("rag-platform", tmp_path)
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    assert {"lint", "test"} <= set(workflow["jobs"])
    lint = " ".join(str(step.get("run", "")) for step in workflow["jobs"]["lint"]["steps"])
    assert "mypy src" in lint and "ruff check" in lint
    test_steps = workflow["jobs"]["test"]["steps"]
    assert any("pgvector" in str(step.get("run", "")) for step in test_steps)
    assert any(step.get("env", {}).get("RAG_REQUIRE_PGVECTOR") == "1" for step in test_steps)
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"app", "qdrant", "ollama"} <= set(services)
    assert services["app"]["environment"]["QDRANT_URL"] == "http://qdrant:6333"
    assert services["app"]["ports"] == ["127.0.0.1:8000:8000"]
    for name in ("qdrant", "ollama", "postgres"):
        assert "ports" not in services[name], f"{name} must not be published"
        assert services[name]["networks"] == ["backend"]
        image = services[name]["image"]
        assert ":" in image and not image.endswith(":latest"), image
    assert compose["networks"]["backend"]["internal"] is True
    assert "USER rag" in (project / "Dockerfile").read_text()


def test_options_change_names_and_defaults(tmp_path):
    project = render("rag-platform", tmp_path, OPTIONS)
    assert project.name == "docs-search-service"
    config = (project / "src" / "docs_search_service" / "config.py").read_text()
    assert '"qwen2.5:7b"' in config and '"mxbai-embed-large"' in config
    assert "Field(3, ge=1" in config and "Field(500, ge=100)" in config
    pyproject = (project / "pyproject.toml").read_text()
    assert 'name = "docs-search-service"' in pyproject
    assert 'docs-search-service = "docs_search_service.cli:main"' in pyproject
    assert "Ada Lovelace" in pyproject


@pytest.fixture(scope="module")
def projects() -> Iterator[tuple[Path, Path, Path]]:
    """Both renderings and one venv (test, dev, pgvector, browser extras) shared by the slow tests.

    Not under pytest's tmp_path: every pytest run of this user (the generated suites run here,
    and any other) keeps only the newest three basetemp folders and deletes older ones, which
    would delete this venv while it is in use.
    """
    with tempfile.TemporaryDirectory(prefix="aieng-rag-platform-") as folder:
        root = Path(folder)
        (root / "defaults").mkdir()
        (root / "options").mkdir()
        defaults = render("rag-platform", root / "defaults")
        options = render("rag-platform", root / "options", OPTIONS)
        python = make_venv(defaults, EXTRAS)
        cmd = [str(python), "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", "."]
        done = _run(cmd, options)
        assert done.returncode == 0, done.stderr[-3000:]
        yield defaults, options, python


def _basetemp(project: Path, name: str) -> list[str]:
    """The generated suite's own temp folder (so it never rotates away anyone else's)."""
    return ["--basetemp", str(project.parent / f"pytest-{name}")]


@pytest.mark.template
def test_generated_project_passes_its_suite_on_both_engines(projects):
    defaults, _, python = projects
    # The suite once on embedded Qdrant, then the pgvector engine run (pgserver's PostgreSQL).
    # RAG_REQUIRE_PGVECTOR turns a missing pgvector engine into a failure, never a skip.
    env = {"RAG_REQUIRE_PGVECTOR": "1"}
    done = run_pytest(defaults, python, env, *_basetemp(defaults, "suite"), "-m", "not pgvector")
    assert_passed(done)
    assert re.search(r"\b(\d{3,}) passed", done.stdout), done.stdout[-2000:]
    assert "skipped" not in done.stdout.splitlines()[-1], done.stdout[-2000:]
    engines = run_pytest(defaults, python, env, *_basetemp(defaults, "pg"), "-m", "pgvector", "-rA")
    assert_passed(engines)
    assert "skipped" not in engines.stdout.splitlines()[-1], engines.stdout[-2000:]
    assert "PASSED tests/test_stores.py::test_the_whole_service_on_each_engine[pgvector]" in engines.stdout


@pytest.mark.template
def test_options_project_passes_its_core_tests(projects):
    _, options, python = projects
    tests = ("tests/test_config.py", "tests/test_cli.py", "tests/test_answers.py")
    done = run_pytest(options, python, None, *_basetemp(options, "core"), *tests)
    assert_passed(done)


@pytest.mark.template
@pytest.mark.parametrize("variant", ["defaults", "options"])
def test_generated_projects_are_ruff_and_mypy_clean(projects, variant):
    defaults, options, python = projects
    project = defaults if variant == "defaults" else options
    bin_dir = python.parent
    commands = [[str(bin_dir / "ruff"), "check", "."], [str(bin_dir / "ruff"), "format", "--check", "."]]
    if variant == "defaults":  # the options change names and strings, not types: mypy once
        commands.append([str(bin_dir / "mypy"), "src"])
    for cmd in commands:
        done = _run(cmd, project)
        assert done.returncode == 0, f"{' '.join(cmd[1:])}:\n{done.stdout[-3000:]}{done.stderr[-2000:]}"
