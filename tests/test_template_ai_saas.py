"""The ai-saas template: render it, install it in a fresh venv, run the generated suite.

The suite runs on SQLite with in-process jobs (defaults and another flavour), and once more on
the real engines (PostgreSQL + Redis, documents processed by a real RQ worker) when
DATABASE_URL and REDIS_URL are set, e.g. by `eval "$(bash .ci/services.sh)"`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.template_support import TEMPLATES, assert_passed, make_venv, render, run_pytest

NAME = "ai-saas"
TEMPLATE = TEMPLATES / NAME
FLAVOURS = ["research-assistant", "support-desk", "legal-assistant", "dev-productivity"]
NO_ENGINES = {"DATABASE_URL": "", "REDIS_URL": ""}  # the embedded defaults, whatever CI exports


def _summary(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in (done.stdout + done.stderr).splitlines() if " in " in line]
    return lines[-1] if lines else ""


def test_cookiecutter_json_declares_the_options() -> None:
    config = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    assert {"project_name", "project_slug", "package_name", "author"} <= set(config)
    assert config["flavour"] == FLAVOURS
    assert config["_description"]
    assert "src/*/web/templates" in config["_copy_without_render"]


def test_render_keeps_app_templates_and_actions_expressions(tmp_path: Path) -> None:
    project = render(NAME, tmp_path, {"project_name": "Acme Desk", "flavour": "support-desk"})
    assert project.name == "acme-desk"
    package = project / "src" / "acme_desk"
    for path in project.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".toml", ".md", ".yml", ".html", ".ini"}:
            assert "cookiecutter" not in path.read_text(), path
    assert '{% extends "base.html" %}' in (package / "web" / "templates" / "chat.html").read_text()
    assert "${{ matrix.python }}" in (project / ".github" / "workflows" / "ci.yml").read_text()
    assert 'flavour: str = "support-desk"' in (package / "settings.py").read_text()
    htmx = (package / "web" / "static" / "htmx.min.js").read_text()
    assert htmx.startswith("var htmx") and len(htmx) > 40_000
    base = (package / "web" / "templates" / "base.html").read_text()
    assert 'src="/static/htmx.min.js"' in base and "unpkg" not in base
    readme = (project / "README.md").read_text()
    assert len(re.findall(r"^```bash$", readme, re.MULTILINE)) == 2
    assert "## Deploy" in readme
    for name in ("Dockerfile", "docker-compose.yml", ".env.example", "alembic.ini"):
        assert (project / name).is_file(), name
    compose = (project / "docker-compose.yml").read_text()
    for service in ("app:", "worker:", "postgres:", "redis:", "ollama:"):
        assert f"\n  {service}" in compose, service
    assert "11434:11434" not in compose  # Ollama is reachable from the app only
    assert "SECRET_KEY:?" in compose  # compose refuses to start without a real secret


@pytest.fixture(scope="module")
def default_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Rendered with the defaults and installed in a fresh venv (shared by two tests)."""
    project = render(NAME, tmp_path_factory.mktemp("ai-saas-default"))
    return project, make_venv(project)


@pytest.mark.template
def test_default_project_passes_its_tests(default_project: tuple[Path, Path]) -> None:
    project, python = default_project
    done = run_pytest(project, python, NO_ENGINES, "-rs")
    assert_passed(done)
    assert "failed" not in _summary(done)


@pytest.mark.template
def test_another_flavour_passes_its_tests(tmp_path: Path) -> None:
    options = {"project_name": "Clause Finder", "flavour": "legal-assistant"}
    project = render(NAME, tmp_path, options)
    python = make_venv(project)
    done = run_pytest(project, python, NO_ENGINES, "-rs")
    assert_passed(done)
    # its own suite checked the wording (tests/test_flavour.py: landing page of the chosen flavour)
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


@pytest.fixture(scope="module")
def engines() -> tuple[str, str]:
    """DATABASE_URL (PostgreSQL) and REDIS_URL from the environment, or skip with the reason."""
    url, redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not url or not redis:
        pytest.skip(
            "DATABASE_URL and REDIS_URL not set: no PostgreSQL/Redis server here "
            '(eval "$(bash .ci/services.sh)" starts them)'
        )
    if not url.startswith(("postgres://", "postgresql")):
        pytest.skip(f"DATABASE_URL is not PostgreSQL: {url.split(':', 1)[0]}")
    return url, redis


@pytest.mark.template
def test_generated_suite_on_postgres_and_redis(engines: tuple[str, str], default_project: tuple[Path, Path]) -> None:
    """The same generated suite on the real engines, the RQ worker processing documents."""
    url, redis = engines
    project, python = default_project
    test_url, created = _throwaway_database(python, url)
    try:
        done = run_pytest(project, python, {"DATABASE_URL": test_url, "REDIS_URL": redis}, "-rs")
    finally:
        if created:
            _drop_database(python, url, created)
    assert_passed(done)
    summary = _summary(done)
    assert "skipped" not in summary and "failed" not in summary, summary
