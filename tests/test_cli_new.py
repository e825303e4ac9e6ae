"""`aieng new`: validation before rendering, never overwrite, never half a project, recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from aieng_cli.errors import ScaffoldError
from aieng_cli.progress import default_store
from aieng_cli.scaffold import Template, generate

from .conftest import FIXTURES

TEMPLATES = ("rag-platform", "ai-agent", "ai-saas")


def test_list_shows_the_three_templates(cli):
    out = cli("new", "--list").output
    for name in TEMPLATES:
        assert name in out
    assert "RAG" in out and "agent" in out.lower() and "SaaS" in out


def test_new_renders_records_and_keeps_home_clean(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("new", "rag-platform", "Docs Helper", "--no-input", "--output-dir", str(out))
    assert result.exit_code == 0, result.output
    project = out / "docs-helper"
    assert (project / "pyproject.toml").is_file() and (project / "README.md").is_file()
    assert (project / "src" / "docs_helper").is_dir()
    assert [p.name for p in out.iterdir()] == ["docs-helper"]  # no staging leftovers
    recorded = default_store().load().projects
    assert [(p.template, p.path) for p in recorded] == [("rag-platform", str(project))]
    cli("plan", "--track", "ai-developer", "--hours", "8")
    assert f"Project: rag-platform at {project}" in cli("status").output
    assert not (Path.home() / ".cookiecutter_replay").exists()
    assert not (Path.home() / ".cookiecutters").exists()


def test_set_values_reach_the_project(cli, tmp_path):
    result = cli(
        "new",
        "ai-saas",
        "--no-input",
        "-o",
        str(tmp_path),
        "--set",
        "project_name=Case Desk",
        "--set",
        "flavour=legal-assistant",
    )
    assert result.exit_code == 0, result.output
    text = "".join(p.read_text(errors="ignore") for p in (tmp_path / "case-desk").rglob("*.py"))
    assert "legal" in text.lower()


def test_second_run_into_same_folder_refuses_and_leaves_first_untouched(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("new", "ai-agent", "--no-input", "-o", str(out)).exit_code == 0
    (project,) = out.iterdir()
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nmy notes\n")
    snapshot = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = cli("new", "ai-agent", "--no-input", "-o", str(out))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == snapshot
    assert len(default_store().load().projects) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rag-platfrom"], "did you mean rag-platform"),
        (["rag-platform", "../escape"], "path separators or '..'"),
        (["rag-platform", "a/b"], "path separators"),
        (["rag-platform", "9lives"], "must start with a letter"),
        (["rag-platform", "class"], "not a valid Python package name"),
        (["rag-platform", "--set", "colour=red"], "has no option 'colour'"),
        (["rag-platform", "--set", "top_k"], "expects key=value"),
        (["ai-saas", "--set", "flavour=legal"], "must be one of"),
    ],
)
def test_bad_input_is_one_line_and_creates_nothing(cli, tmp_path, args, message):
    out_dir = tmp_path / "out"
    result = cli("new", *args, "--no-input", "-o", str(out_dir))
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out_dir.exists() or not any(out_dir.iterdir())
    assert not default_store().path.exists()


def test_interactive_prompts_use_answers(cli, tmp_path):
    # project_name, project_slug, package_name, author, then defaults for the rest
    answers = "Prompted Rag\n\n\nAda\n" + "\n" * 10
    result = cli("new", "rag-platform", "-o", str(tmp_path), input=answers)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "prompted-rag" / "src" / "prompted_rag").is_dir()


def test_failure_half_way_leaves_nothing_behind(tmp_path):
    template = Template("broken", "fails half-way", FIXTURES / "templates" / "broken")
    with pytest.raises(ScaffoldError, match="rendering failed"):
        generate(template, {"project_name": "Broken", "project_slug": "broken"}, tmp_path)
    assert list(tmp_path.iterdir()) == []
