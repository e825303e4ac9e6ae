"""Shared by the guided-project tests: the guided-demo fixture template, generated in any state."""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path

import pytest

from aieng_cli import scaffold
from aieng_cli.guided import derive_tree
from aieng_cli.stages import load_stages, titles

FIXTURE_TEMPLATES = Path(__file__).parent / "fixtures" / "templates"
DEMO = scaffold.Template("guided-demo", "fixture", FIXTURE_TEMPLATES / "guided-demo")
DEMO_TITLES = titles(load_stages(DEMO.path))


@pytest.fixture
def fast_pytest(monkeypatch):
    """Stage tests run with this interpreter (the fixture project needs nothing but pytest), and
    without the plugins installed here: the project uses none, and loading them costs ~1 s a run."""
    monkeypatch.setenv("VIRTUAL_ENV", sys.prefix)
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def render_raw(output_dir: Path, template: scaffold.Template = DEMO) -> Path:
    """The template rendered by cookiecutter alone: every marker still in place."""
    from cookiecutter.generate import generate_files

    values = scaffold.resolve_context(template, {}, no_input=True)
    context = {"cookiecutter": {**values, "_template": str(template.path)}}
    return Path(generate_files(repo_dir=str(template.path), context=context, output_dir=str(output_dir)))


def generate(
    output_dir: Path, guided: bool = True, solved: tuple[int, ...] = (), template: scaffold.Template = DEMO
) -> Path:
    """`aieng new TEMPLATE [--guided]`; the stages in `solved` then get their reference code,
    as a learner who wrote it would have (only files under src/ that differ are replaced).
    Works for any template with stages: the shipped ones' tests can use it once they are marked."""
    values = scaffold.resolve_context(template, {}, no_input=True)
    project = scaffold.generate(template, values, output_dir, guided=guided)
    if solved:
        numbered = titles(load_stages(template.path))
        reference = render_raw(output_dir / "reference", template)
        derive_tree(reference, numbered, stubbed=set(numbered) - set(solved))
        for source in (reference / "src").rglob("*.py"):
            mine = project / source.relative_to(reference)
            if not mine.exists() or not filecmp.cmp(source, mine, shallow=False):
                shutil.copyfile(source, mine)
        shutil.rmtree(output_dir / "reference")
    return project
