"""The rag-platform template: renders cleanly, and each rendering passes its own suite in a fresh venv.

The slow part (one venv with the test, dev, pgvector and browser extras) is built once per
module and shared: the default project (`aieng new rag-platform`) runs its whole suite (the chat
page in the system Chromium when there is one), then its store tests on pgserver's PostgreSQL
with pgvector, then ruff and mypy, and `aieng check` passes all its stages; the options
rendering is installed into the same venv (editable, no dependencies) and runs its config, CLI
and answer tests, ruff and mypy. A guided project (its own name, so a third package in the same
venv) starts green and lints clean, and with stages 1..k-1 written `aieng check` passes exactly
those and says stage k is not written yet.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from aieng_cli import scaffold
from aieng_cli.project_check import check_project
from aieng_cli.projects import read_project_file

from .guided_support import StagedProject
from .template_support import (
    TEMPLATES,
    assert_passed,
    install_editable,
    make_shared_venv,
    new_project,
    run_pytest,
)

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
STAGES = [
    "Load and chunk documents",
    "Embed and store",
    "Vector retrieval",
    "Hybrid retrieval with a relevance threshold",
    "Answers with citations, streamed",
    "API keys and scopes",
    "Metrics and the evaluation dashboard",
]
GUIDED = {"project_name": "Guided RAG"}  # its own package name: installed beside the others


def generate(output_dir: Path, options: dict | None = None) -> Path:
    """`aieng new rag-platform` (complete: the stage markers applied, STAGES.md written)."""
    return new_project("rag-platform", output_dir, options)


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
    project = generate(tmp_path)
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
        text = path.read_text(encoding="utf-8")
        assert "cookiecutter." not in text and "aieng:stage" not in text, path
        assert "NotImplementedError" not in text, f"{path}: a stub in the complete project"
    assert "`aieng new rag-platform --guided`" in (project / "README.md").read_text()
    assert "1. Load and chunk documents" in (project / "STAGES.md").read_text()
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

    project = generate(tmp_path)
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
    project = generate(tmp_path, OPTIONS)
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

    The defaults are generated as `aieng new rag-platform` does (with STAGES.md and the project
    file `aieng check` reads). Not under pytest's tmp_path: every pytest run of this user (the
    generated suites run here, and any other) keeps only the newest three basetemp folders and
    deletes older ones, which would delete this venv while it is in use.
    """
    with tempfile.TemporaryDirectory(prefix="aieng-rag-platform-") as folder:
        root = Path(folder)
        defaults = generate(root / "defaults")
        options = generate(root / "options", OPTIONS)
        python = make_shared_venv(root / "venv", defaults, EXTRAS)
        install_editable(python, options)
        yield defaults, options, python


def _basetemp(project: Path, name: str) -> list[str]:
    """The generated suite's own temp folder (so it never rotates away anyone else's)."""
    return ["--basetemp", str(project.parent / f"pytest-{name}")]


def _stages(report) -> list[tuple[int, str]]:
    return [(s.number, s.headline) for s in report.stages]


@pytest.mark.template
def test_generated_project_passes_its_suite_on_both_engines(projects, monkeypatch):
    defaults, _, python = projects
    # RAG_REQUIRE_PGVECTOR turns a missing pgvector engine into a failure, never a skip.
    env = {"RAG_REQUIRE_PGVECTOR": "1"}
    # The suite in two parts that together are the whole: `aieng check` (in the venv, as a learner
    # runs it) runs the stage tests, most of the suite (the chat page in Chromium, the stores on
    # both engines), and passes all seven stages; pytest runs the rest on embedded Qdrant.
    monkeypatch.setenv("VIRTUAL_ENV", str(python.parent.parent))
    monkeypatch.setenv("RAG_REQUIRE_PGVECTOR", "1")
    project = read_project_file(defaults)
    assert [s.title for s in project.stages] == STAGES
    report = check_project(defaults, project, timeout=600)
    assert not report.problem, report.problem + report.output[-3000:]
    assert report.passed() == list(range(1, len(STAGES) + 1)), _stages(report)
    assert not [s for s in report.stages if "skipped" in s.headline], _stages(report)
    assert sum(s.total for s in report.stages) >= 150, _stages(report)
    rest = run_pytest(defaults, python, env, *_basetemp(defaults, "rest"), "-m", "not stage and not pgvector")
    assert_passed(rest)
    assert re.search(r"\b(\d{2,}) passed", rest.stdout), rest.stdout[-2000:]
    assert "skipped" not in rest.stdout.splitlines()[-1], rest.stdout[-2000:]
    # Then the pgvector engine run (pgserver's PostgreSQL).
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
        commands.append(_mypy(python, project))
    _lint(project, commands)


def _mypy(python: Path, project: Path) -> list[str]:
    """mypy src, with one cache for every project here (their dependencies are the same)."""
    return [str(python.parent / "mypy"), "--cache-dir", str(project.parent.parent / "mypy-cache"), "src"]


def _lint(project: Path, commands: list[list[str]]) -> None:
    for cmd in commands:
        done = _run(cmd, project)
        assert done.returncode == 0, f"{' '.join(cmd[1:])}:\n{done.stdout[-3000:]}{done.stderr[-2000:]}"


@pytest.fixture(scope="module")
def guided(projects) -> StagedProject:
    """`aieng new rag-platform --guided`, installed (editable) into the shared venv."""
    defaults, _, python = projects
    template = scaffold.find_template("rag-platform")
    staged = StagedProject.create(defaults.parent.parent / "guided", template, GUIDED)
    install_editable(python, staged.project)
    return staged


@pytest.mark.template
def test_a_guided_project_starts_green_and_lints_clean(projects, guided):
    *_, python = projects
    guided.solve(())
    assert guided.titles == dict(enumerate(STAGES, start=1))
    bin_dir = python.parent
    ruff = str(bin_dir / "ruff")
    commands = [[ruff, "check", "."], [ruff, "format", "--check", "."], _mypy(python, guided.project)]
    _lint(guided.project, commands)
    # Collects cleanly, and every test that needs no stage's code passes: a learner starts green.
    unmarked = run_pytest(guided.project, python, None, *_basetemp(guided.project, "unmarked"), "-m", "not stage")
    assert_passed(unmarked)
    assert "error" not in unmarked.stdout.splitlines()[-1], unmarked.stdout[-3000:]


@pytest.mark.template
@pytest.mark.parametrize("k", range(1, len(STAGES) + 1))
def test_each_stage_fails_on_its_stub_while_earlier_ones_pass(projects, guided, k):
    *_, python = projects
    guided.solve(range(1, k))
    report = guided.check(python, timeout=600)
    assert not report.problem, report.problem + report.output[-3000:]
    assert report.passed() == list(range(1, k)), _stages(report)
    assert f"not written yet (stage {k}:" in report.stages[k - 1].headline, _stages(report)
