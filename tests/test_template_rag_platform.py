"""The rag-platform template: renders cleanly, and each rendering passes its own suite in a fresh venv."""

from __future__ import annotations

import json
import re
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


def _text_files(project: Path) -> list[Path]:
    return [
        p for p in project.rglob("*") if p.is_file() and ".venv" not in p.parts and p.suffix not in (".pdf", ".pyc")
    ]


def test_cookiecutter_json_declares_the_options_and_a_description():
    config = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    assert {"project_name", "project_slug", "package_name", "author"} <= set(config)
    assert {"chat_model", "embedding_model", "top_k"} <= set(config)
    assert config["_description"] and "\n" not in config["_description"]


def test_defaults_render_every_file_and_keep_runtime_templates(tmp_path):
    project = render("rag-platform", tmp_path)
    assert project.name == "rag-platform"
    package = project / "src" / "rag_platform"
    for rel in (
        "api/app.py",
        "cli.py",
        "stores/qdrant.py",
        "stores/pgvector.py",
        "retrieval/hybrid.py",
        "retrieval/embedders.py",
        "templates/dashboard.html",
    ):
        assert (package / rel).is_file(), rel
    for rel in (
        "Dockerfile",
        "docker-compose.yml",
        ".env.example",
        ".github/workflows/ci.yml",
        "eval/golden.json",
        "sample_docs/service-schedule.pdf",
        "README.md",
    ):
        assert (project / rel).is_file(), rel
    for path in _text_files(project):
        assert "cookiecutter." not in path.read_text(encoding="utf-8"), path
    # Runtime templates survive cookiecutter untouched.
    assert "{% for run in runs|reverse %}" in (package / "templates/dashboard.html").read_text()
    assert "${{ matrix.python-version }}" in (project / ".github/workflows/ci.yml").read_text()
    pdf = "{{cookiecutter.project_slug}}/sample_docs/service-schedule.pdf"
    assert (project / "sample_docs/service-schedule.pdf").read_bytes() == (TEMPLATE / pdf).read_bytes()
    # The README highlights exactly two commands: run on the embedded default, and test.
    commands = re.findall(r"```bash\n(.*?)```", (project / "README.md").read_text(), re.S)
    assert len(commands) == 2
    assert "rag-platform quickstart" in commands[0] and "pytest" in commands[1]


def test_workflow_and_compose_are_valid_yaml(tmp_path):
    import yaml

    project = render("rag-platform", tmp_path)
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    assert {"lint", "test"} <= set(workflow["jobs"])
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"app", "qdrant", "ollama"}
    assert compose["services"]["app"]["environment"]["QDRANT_URL"] == "http://qdrant:6333"


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


@pytest.mark.template
@pytest.mark.parametrize("options", [None, OPTIONS], ids=["defaults", "options"])
def test_generated_project_passes_its_tests_in_a_fresh_venv(tmp_path, options):
    project = render("rag-platform", tmp_path, options)
    python = make_venv(project)
    done = run_pytest(project, python)
    assert_passed(done)
    assert re.search(r"\b(\d{2,}) passed", done.stdout), done.stdout[-2000:]
