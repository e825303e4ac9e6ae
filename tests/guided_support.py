"""Shared by the guided-project tests: the guided-demo fixture template, generated in any state."""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pytest

from aieng_cli import scaffold
from aieng_cli.guided import derive_tree
from aieng_cli.project_check import CheckReport, check_project
from aieng_cli.projects import read_project_file
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


def render_raw(output_dir: Path, template: scaffold.Template = DEMO, values: dict | None = None) -> Path:
    """The template rendered by cookiecutter alone: every marker still in place."""
    from cookiecutter.generate import generate_files

    values = values or scaffold.resolve_context(template, {}, no_input=True)
    context = {"cookiecutter": {**values, "_template": str(template.path)}}
    return Path(generate_files(repo_dir=str(template.path), context=context, output_dir=str(output_dir)))


def generate(
    output_dir: Path, guided: bool = True, solved: tuple[int, ...] = (), template: scaffold.Template = DEMO
) -> Path:
    """`aieng new TEMPLATE [--guided]`; the stages in `solved` then get their reference code,
    as a learner who wrote it would have (only files under src/ that differ are replaced)."""
    values = scaffold.resolve_context(template, {}, no_input=True)
    project = scaffold.generate(template, values, output_dir, guided=guided)
    if solved:
        StagedProject(project, template, values, output_dir / "reference").solve(solved)
    return project


@dataclass
class StagedProject:
    """A guided project whose stages can be set, in place, to any mix of reference code and stubs.

    The project keeps its path, so a shared venv with it installed editable serves every state;
    the template is rendered (markers intact) once, beside it.
    """

    project: Path
    template: scaffold.Template
    values: dict
    reference: Path

    @classmethod
    def create(cls, output_dir: Path, template: scaffold.Template, extra: dict | None = None) -> StagedProject:
        values = scaffold.resolve_context(template, extra or {}, no_input=True)
        project = scaffold.generate(template, values, output_dir, guided=True)
        return cls(project, template, values, output_dir / ".reference")

    @property
    def titles(self) -> dict[int, str]:
        return titles(load_stages(self.template.path, values=self.values))

    def solve(self, solved: Collection[int]) -> None:
        """Stages in `solved` hold the reference code, every other stage its stub (files under src/)."""
        numbered = self.titles
        raw = self.reference / "raw"
        if not raw.exists():
            render_raw(raw, self.template, self.values)
        state = self.reference / "state"
        shutil.rmtree(state, ignore_errors=True)
        derived = shutil.copytree(next(raw.iterdir()), state)
        derive_tree(derived, numbered, stubbed=set(numbered) - set(solved))
        for source in (derived / "src").rglob("*"):
            mine = self.project / source.relative_to(derived)
            if source.is_file() and (not mine.exists() or not filecmp.cmp(source, mine, shallow=False)):
                shutil.copyfile(source, mine)
        shutil.rmtree(state)

    def check(self, python: Path, timeout: float = 600) -> CheckReport:
        """`aieng check` with the venv of `python` as the active virtualenv (the project has no .venv)."""
        previous = os.environ.get("VIRTUAL_ENV")
        os.environ["VIRTUAL_ENV"] = str(Path(python).parent.parent)
        try:
            return check_project(self.project, read_project_file(self.project), timeout=timeout)
        finally:
            if previous is None:
                os.environ.pop("VIRTUAL_ENV", None)
            else:
                os.environ["VIRTUAL_ENV"] = previous
