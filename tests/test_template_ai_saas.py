"""The ai-saas template: render it, install it once in a fresh venv, run the generated suite.

The project is installed ONCE per module (with its dev extras: tests, SMTP server, Playwright,
ruff, mypy) and reused: its whole suite runs on SQLite with in-process jobs (the browser test
included when a Chromium is installed), and once more on the real engines - PostgreSQL with
pgvector + Redis, documents processed by a real RQ worker - when PGVECTOR_DATABASE_URL (or a
pgvector DATABASE_URL) and REDIS_URL are set, e.g. by `eval "$(bash .ci/services.sh)"`.
Slow parts (browser, bench) run once. The guided project (`aieng new ai-saas --guided`) runs
on the same packages through overlay venvs: each stage fails on its stub, earlier ones hold.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import socket
import subprocess
import time
import urllib.request
import uuid
import venv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from aieng_cli import scaffold
from aieng_cli.project_check import check_project
from aieng_cli.projects import read_project_file
from tests.guided_support import StagedProject
from tests.template_support import TEMPLATES, assert_passed, make_venv, new_project, run_pytest

NAME = "ai-saas"
TEMPLATE = TEMPLATES / NAME
FLAVOURS = ["research-assistant", "support-desk", "legal-assistant", "dev-productivity"]
NO_ENGINES = {"DATABASE_URL": "", "REDIS_URL": ""}  # the embedded defaults, whatever CI exports


def render(name: str, output_dir: Path, extra: dict | None = None) -> Path:
    """The complete project as `aieng new` makes it (the stage markers resolved, STAGES.md)."""
    return new_project(name, output_dir, extra)


def _summary(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in (done.stdout + done.stderr).splitlines() if " in " in line]
    return lines[-1] if lines else ""


def _chromium() -> str | None:
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return found if found and os.access(found, os.X_OK) else None


def _run(python: Path, project: Path, *args: str, env: dict | None = None, timeout: int = 600):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    full_env.update(env or {})
    return subprocess.run(
        [str(python), *args], cwd=project, env=full_env, capture_output=True, text=True, timeout=timeout
    )


def test_cookiecutter_json_declares_the_options() -> None:
    config = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    assert {"project_name", "project_slug", "package_name", "author"} <= set(config)
    assert config["flavour"] == FLAVOURS
    assert config["_description"]
    assert "src/*/web/templates" in config["_copy_without_render"]


def test_the_template_ships_no_byte_compiled_or_cache_files() -> None:
    junk = [p for p in TEMPLATE.rglob("*") if p.suffix == ".pyc" or p.name in ("__pycache__", ".ruff_cache")]
    assert junk == []


def test_render_keeps_app_templates_and_actions_expressions(tmp_path: Path) -> None:
    project = render(NAME, tmp_path, {"project_name": "Acme Desk", "flavour": "support-desk"})
    assert project.name == "acme-desk"
    package = project / "src" / "acme_desk"
    for path in project.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".toml", ".md", ".yml", ".html", ".ini"}:
            assert "cookiecutter" not in path.read_text(), path
            assert "aieng:stage" not in path.read_text(), path  # complete: markers resolved
    assert "## Stage 7: Billing webhooks" in (project / "STAGES.md").read_text()
    assert '{% extends "base.html" %}' in (package / "web" / "templates" / "chat.html").read_text()
    assert "${{ matrix.python }}" in (project / ".github" / "workflows" / "ci.yml").read_text()
    assert 'flavour: str = "support-desk"' in (package / "settings.py").read_text()
    assert 'product_name: str = "Acme Desk"' in (package / "settings.py").read_text()
    htmx = (package / "web" / "static" / "htmx.min.js").read_text()
    assert htmx.startswith("var htmx") and len(htmx) > 40_000
    base = (package / "web" / "templates" / "base.html").read_text()
    assert 'src="/static/htmx.min.js"' in base and "unpkg" not in base
    for concern in ("accounts", "workspaces", "retrieval", "chat", "limits", "billing", "jobs", "web"):
        assert (package / concern / "__init__.py").is_file(), concern
    readme = (project / "README.md").read_text()
    assert len(re.findall(r"^```bash$", readme, re.MULTILINE)) == 2
    assert "`aieng new ai-saas --guided`" in readme and "`STAGES.md`" in readme
    for section in ("## Deploy", "## Limits", "## Email", "## Billing (Stripe, test mode)", "bench/retrieval.py"):
        assert section in readme, section
    for name in ("Dockerfile", "docker-compose.yml", ".env.example", "alembic.ini", "bench/retrieval.py"):
        assert (project / name).is_file(), name
    compose = (project / "docker-compose.yml").read_text()
    for service in ("app:", "worker:", "postgres:", "redis:", "ollama:"):
        assert f"\n  {service}" in compose, service
    assert "11434:11434" not in compose  # Ollama is reachable from the app only
    assert "SECRET_KEY:?" in compose and "pgvector/pgvector" in compose
    workflow = (project / ".github" / "workflows" / "ci.yml").read_text()
    assert "mypy src" in workflow and "chromium" in workflow and "bench/retrieval.py" in workflow


@pytest.fixture(scope="module")
def default_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Rendered with the defaults and installed ONCE in a fresh venv (shared by this module)."""
    project = render(NAME, tmp_path_factory.mktemp("ai-saas-default"))
    return project, make_venv(project, extras="dev")


@pytest.mark.template
def test_default_project_passes_its_tests_on_sqlite(
    default_project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole suite, in-process, in two parts: its stage tests through `aieng check` (every
    stage passes in the complete project), then the unmarked rest. The browser journey (a stage
    5 test) runs too when a Chromium is installed; the queue tests (stage 6) need Redis."""
    project, python = default_project
    chromium = _chromium()
    env = {**NO_ENGINES, **({"CHROMIUM_PATH": chromium} if chromium else {})}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    report = check_project(project, read_project_file(project), timeout=900)
    heads = [f"{s.number} {s.outcome}: {s.headline}" for s in report.stages]
    assert report.passed() == [1, 2, 3, 4, 5, 6, 7] and not report.problem, heads
    skipped = {s.number: s.total - s.passed for s in report.stages if s.total != s.passed}
    assert skipped == ({6: 7} if chromium else {5: 1, 6: 7}), heads  # queue tests: no Redis
    done = run_pytest(project, python, env, "-rs", "-m", "not stage")
    assert_passed(done)
    summary = _summary(done)
    assert "failed" not in summary and "error" not in summary, summary
    skipped_lines = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert all("Playwright not installed" in line for line in skipped_lines), skipped_lines


@pytest.mark.template
def test_generated_project_is_lint_and_type_clean(default_project: tuple[Path, Path]) -> None:
    project, python = default_project
    ruff = project / ".venv" / "bin" / "ruff"
    for args in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run([str(ruff), *args], cwd=project, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
    typed = _run(python, project, "-m", "mypy", "src")
    assert typed.returncode == 0 and "Success" in typed.stdout, typed.stdout + typed.stderr


@pytest.mark.template
def test_readme_run_command_serves_the_app(default_project: tuple[Path, Path], tmp_path: Path) -> None:
    """README command 1 (`python -m <package>`): it migrates SQLite and answers /healthz."""
    project, python = default_project
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    env.update(NO_ENGINES, DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}", EMBEDDINGS="offline")
    server = subprocess.Popen(
        [str(python), "-m", "insight_saas", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline, body = time.monotonic() + 60, ""
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                    body = reply.read().decode()
            except OSError:
                time.sleep(0.3)
        assert body == '{"status":"ok"}'
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
            assert "<title>Insight SaaS</title>" in reply.read().decode()  # the project's name
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.template
def test_bench_prints_the_retrieval_figure(default_project: tuple[Path, Path]) -> None:
    """The bench runs and reports against its target (speed is judged there, not here)."""
    project, python = default_project
    done = _run(python, project, "bench/retrieval.py", env=NO_ENGINES)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"chat retrieval at 20,000 chunks: median [\d.]+ ms", done.stdout), done.stdout
    print(done.stdout)


@pytest.mark.template
def test_another_flavour_renders_its_wording(default_project: tuple[Path, Path], tmp_path: Path) -> None:
    """Another flavour's own flavour and chat tests, on the already installed dependencies."""
    _, python = default_project
    project = render(NAME, tmp_path, {"project_name": "Clause Finder", "flavour": "legal-assistant"})
    env = {**NO_ENGINES, "PYTHONPATH": str(project / "src")}
    done = run_pytest(project, python, env, "tests/test_flavour.py", "tests/test_chat.py")
    assert_passed(done)
    settings = (project / "src" / "clause_finder" / "settings.py").read_text()
    assert 'flavour: str = "legal-assistant"' in settings
    assert "(legal-assistant flavour)" in (project / "README.md").read_text()


def _throwaway_database(python: Path, url: str) -> tuple[str, str | None]:
    """A fresh database next to the one in `url` (so parallel runs never meet); (url, name)."""
    name = f"aisaas_test_{uuid.uuid4().hex[:8]}"
    script = (
        "import sys, psycopg\n"
        "with psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=5) as c:\n"
        "    c.execute(f'CREATE DATABASE {sys.argv[2]}')\n"
    )
    done = subprocess.run([str(python), "-c", script, url, name], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:  # no CREATEDB right: use the given database itself
        return url, None
    return re.sub(r"/[^/?]+(\?|$)", rf"/{name}\1", url, count=1), name


def _drop_database(python: Path, url: str, name: str) -> None:
    script = (
        "import sys, psycopg\n"
        "with psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=5) as c:\n"
        "    c.execute(f'DROP DATABASE IF EXISTS {sys.argv[2]} WITH (FORCE)')\n"
    )
    subprocess.run([str(python), "-c", script, url, name], capture_output=True, timeout=60)


def _has_pgvector(python: Path, url: str) -> bool:
    script = (
        "import sys, psycopg\n"
        "with psycopg.connect(sys.argv[1], connect_timeout=5) as c:\n"
        "    ok = c.execute(\"SELECT 1 FROM pg_available_extensions WHERE name = 'vector'\").fetchone()\n"
        "sys.exit(0 if ok else 1)\n"
    )
    return subprocess.run([str(python), "-c", script, url], capture_output=True, timeout=60).returncode == 0


@pytest.fixture(scope="module")
def engines() -> tuple[str, str]:
    """A PostgreSQL URL (pgvector preferred) and REDIS_URL from the environment, or skip."""
    url = os.environ.get("PGVECTOR_DATABASE_URL") or os.environ.get("DATABASE_URL")
    redis = os.environ.get("REDIS_URL")
    if not url or not redis:
        pytest.skip(
            "PGVECTOR_DATABASE_URL/DATABASE_URL and REDIS_URL not set: no PostgreSQL/Redis here "
            '(eval "$(bash .ci/services.sh)" starts them)'
        )
    if not url.startswith(("postgres://", "postgresql")):
        pytest.skip(f"DATABASE_URL is not PostgreSQL: {url.split(':', 1)[0]}")
    return url, redis


@pytest.mark.template
def test_generated_suite_on_postgres_and_redis(engines: tuple[str, str], default_project: tuple[Path, Path]) -> None:
    """The same generated suite on the real engines (pgvector, RQ worker); browser ran above."""
    url, redis = engines
    project, python = default_project
    if not _has_pgvector(python, url):
        pytest.skip("this PostgreSQL has no pgvector extension (services.sh starts one on :5433)")
    test_url, created = _throwaway_database(python, url)
    try:
        env = {"DATABASE_URL": test_url, "REDIS_URL": redis, "CHROMIUM_PATH": ""}
        done = run_pytest(project, python, env, "-rs", "--deselect", "tests/test_browser.py")
    finally:
        if created:
            _drop_database(python, url, created)
    assert_passed(done)
    summary = _summary(done)
    assert "skipped" not in summary and "failed" not in summary, summary


def _lint_and_types(project: Path, python: Path, mypy_cache: Path) -> None:
    """ruff check, ruff format --check and mypy src, as the generated CI runs them. mypy reuses
    the complete project's cache: only the modules that differ are checked again (~2 s, not 30)."""
    ruff = python.parent / "ruff"
    for args in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run([str(ruff), *args], cwd=project, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
    typed = _run(python, project, "-m", "mypy", "--cache-dir", str(mypy_cache), "src")
    assert typed.returncode == 0 and "Success" in typed.stdout, typed.stdout + typed.stderr


def _overlay_venv(project: Path, shared_python: Path) -> Path:
    """<project>/.venv with no packages of its own: the project's src first, then the shared
    venv's packages (a .pth each). Two projects of one package name then run side by side, and
    `aieng check` picks each project's .venv by itself. Costs no install."""
    env_dir = project / ".venv"
    venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    own = Path(subprocess.check_output([str(python), "-c", purelib], text=True, timeout=60).strip())
    shared = subprocess.check_output([str(shared_python), "-c", purelib], text=True, timeout=60).strip()
    (own / "a_project.pth").write_text(f"{project / 'src'}\n")
    (own / "b_shared.pth").write_text(f"import site; site.addsitedir({shared!r})\n")
    return python


def _stage_k_fails_and_earlier_pass(staged: StagedProject, k: int) -> str:
    """Stages 1..k-1 hold the reference code, k..N their stubs; `aieng check` must pass exactly
    1..k-1 and fail stage k on its stub. Returns the stage lines (for the failure message)."""
    staged.solve(range(1, k))
    report = check_project(staged.project, read_project_file(staged.project), timeout=600)
    heads = "\n".join(f"{s.number} {s.outcome}: {s.headline}" for s in report.stages)
    assert not report.problem, report.problem + report.output[-3000:]
    assert report.passed() == list(range(1, k)), f"k={k}\n{heads}"
    assert f"not written yet (stage {k}" in report.stages[k - 1].headline, f"k={k}\n{heads}"
    return heads


@pytest.mark.template
def test_guided_stages_fail_on_their_stubs_and_earlier_stages_hold(
    default_project: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`aieng new ai-saas --guided`, twice, each with an overlay of the shared venv: lint and
    types clean, the unmarked tests pass; for every k, with stages 1..k-1 written, `aieng check`
    passes exactly those and stage k fails on its stub (the complete project passing every stage
    is proven on the default project above). The seven checks run two at a time, one per copy."""
    project, python = default_project
    for name, value in {**NO_ENGINES, "CHROMIUM_PATH": ""}.items():  # SQLite, no browser
        monkeypatch.setenv(name, value)
    template = scaffold.find_template(NAME)
    copies = [StagedProject.create(tmp_path / name, template) for name in ("a", "b")]
    pythons = [_overlay_venv(staged.project, python) for staged in copies]
    first = copies[0].project
    _lint_and_types(first, python, mypy_cache=project / ".mypy_cache")
    unmarked = run_pytest(first, pythons[0], None, "-m", "not stage")
    assert_passed(unmarked)
    assert "failed" not in _summary(unmarked) and "error" not in _summary(unmarked)
    count = len(copies[0].titles)
    assert count == 7
    for staged in copies:  # renders the reference now: cookiecutter chdirs, so never in a thread
        staged.solve(())
    todo: queue.Queue[int] = queue.Queue()
    for k in sorted(range(1, count + 1), reverse=True):  # the longest first: balanced halves
        todo.put(k)

    def work(staged: StagedProject) -> list[str]:
        done = []
        while True:
            try:
                k = todo.get_nowait()
            except queue.Empty:
                return done
            done.append(_stage_k_fails_and_earlier_pass(staged, k))

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [pool.submit(work, staged) for staged in copies]
        checked = [heads for result in results for heads in result.result()]
    assert len(checked) == count
