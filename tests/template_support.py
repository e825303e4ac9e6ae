"""Generate a template's project as `aieng new` does, install it in a fresh venv, run its tests.

Shared by the tests of every template (tests/test_template_*.py).
"""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"


def new_project(name: str, output_dir: Path, extra: dict | None = None, guided: bool = False) -> Path:
    """`aieng new NAME [--guided]` with no prompts: the stage markers applied, STAGES.md written.

    Plain cookiecutter would leave both parts of every marked region, the stub defined after the
    code it stands for, so the project would be a guided one in disguise.
    """
    from aieng_cli import scaffold

    template = scaffold.find_template(name)
    values = scaffold.resolve_context(template, extra or {}, no_input=True)
    return scaffold.generate(template, values, output_dir, guided=guided)


def make_venv(project: Path, extras: str = "test") -> Path:
    """Create <project>/.venv, install the project with its test extras; return its python."""
    env_dir = project / ".venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    target = f".[{extras}]" if extras else "."
    _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", target], project)
    return python


def make_shared_venv(env_dir: Path, project: Path, extras: str = "test") -> Path:
    """Create one venv at env_dir and install `project` (editable, with its extras and dependencies) into it.

    Variants of a template share their dependencies: install the others with `install_editable`,
    which adds only the package itself (seconds instead of a full install).
    """
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    target = f"{project}[{extras}]" if extras else str(project)
    _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", target], project)
    return python


def install_editable(python: Path, project: Path) -> None:
    """Install (or re-point) `project` into the venv of `python` without touching its dependencies.

    Also makes the project's console scripts point at this project (two variants may share a name).
    """
    cmd = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", "-e", str(project)]
    _run(cmd, project)


def run_pytest(project: Path, python: Path, env: dict | None = None, *args: str) -> subprocess.CompletedProcess:
    """Run the generated project's own test suite; return the finished process (never raises)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    full_env.update(env or {})
    return subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=1200,
    )


def _run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")


def assert_passed(done: subprocess.CompletedProcess) -> None:
    """Fail with the tail of the generated suite's output unless it passed and ran tests."""
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-6000:]
    assert " passed" in out, out[-2000:]


__all__ = [
    "new_project",
    "make_venv",
    "make_shared_venv",
    "install_editable",
    "run_pytest",
    "assert_passed",
    "REPO",
    "TEMPLATES",
]
