"""Generated projects: the `.aieng-project.json` each one carries, finding it, recording results.

`aieng new` writes the file at generation (template, aieng version, guided or complete, the
stages with their texts, and a hash of each file holding stage tests). `aieng check` finds it
from the current folder upwards, runs the stage tests (project_check.py) and records what
passed in the progress store, keyed by the project's path.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

import contextlib
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from .errors import AiengError, FileReadError
from .files import read_regular_file, read_text_file, write_file_atomically
from .progress import Progress, Project, utcnow
from .stages import MAX_STAGES, Stage
from .stages import project_label as label

PROJECT_FILE = ".aieng-project.json"
MAX_PROJECT_FILE_BYTES = 1 << 20
MAX_TEST_FILE_BYTES = 4 << 20
TEST_PATH = r"^tests/(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.py$"
DEFAULT_INSTALL = 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]"'
TestPath = Annotated[str, Meta(pattern=TEST_PATH, max_length=300)]
Digest = Annotated[str, Meta(pattern="^[0-9a-f]{64}$")]


class ProjectError(AiengError):
    """Not inside a generated project, or its project file is damaged."""


class ProjectFile(msgspec.Struct, kw_only=True):
    """The content of .aieng-project.json (unknown keys from a newer aieng are ignored)."""

    template: Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,80}$")]
    version: Annotated[str, Meta(max_length=40)] = ""
    guided: bool = False
    project_name: Annotated[str, Meta(max_length=200)] = ""
    stages: Annotated[list[Stage], Meta(max_length=MAX_STAGES)] = []
    tests: dict[TestPath, Digest] = {}  # stage test file -> sha256 at generation

    def stage(self, number: int) -> Stage:
        if not 1 <= number <= len(self.stages):
            raise ProjectError(f"this project has stages 1-{len(self.stages)}, not {number}")
        return self.stages[number - 1]


def write_project_file(root: Path, project: ProjectFile) -> None:
    write_file_atomically(root / PROJECT_FILE, msgspec.json.format(msgspec.json.encode(project), indent=2) + b"\n")


def read_project_file(root: Path) -> ProjectFile:
    path = root / PROJECT_FILE
    try:
        data = read_regular_file(path, max_bytes=MAX_PROJECT_FILE_BYTES, what="project file")
        project = msgspec.json.decode(data, type=ProjectFile)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        reason = re.sub(r"matching regex '.*' - at", "of the expected form at", str(exc).splitlines()[0])
        raise ProjectError(f"{path}: damaged project file ({reason[:200]})") from None
    except FileReadError as exc:
        raise ProjectError(str(exc)) from None
    return project  # test paths match TEST_PATH: under tests/, no `..`, never an option


def guided_stage_count(root: Path) -> int:
    """How many stages a just-generated guided project has (0 for a complete or unstaged one)."""
    try:
        project = read_project_file(root)
    except ProjectError:
        return 0
    return len(project.stages) if project.guided else 0


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a project file."""
    folder = Path(os.path.abspath(start))
    while True:
        if os.path.lexists(folder / PROJECT_FILE):
            return folder
        if folder.parent == folder:
            return None
        folder = folder.parent


def hash_file(path: Path) -> str | None:
    import hashlib  # ~5 ms of OpenSSL: only `aieng check` hashes, not status/today

    try:
        return hashlib.sha256(read_regular_file(path, max_bytes=MAX_TEST_FILE_BYTES, what="test file")).hexdigest()
    except FileReadError:  # missing, a folder, too large: edited all the same
        return None


def edited_tests(root: Path, project: ProjectFile) -> list[str]:
    """Stage test files changed (or deleted) since generation: their results prove nothing."""
    return [name for name, digest in sorted(project.tests.items()) if hash_file(root / name) != digest]


def python_for(root: Path) -> tuple[str, str]:
    """(interpreter, how it was chosen): the project's .venv, else the active virtualenv, else ours."""
    import shutil
    import sys

    for candidate in (root / ".venv" / "bin" / "python", root / ".venv" / "Scripts" / "python.exe"):
        if candidate.is_file():
            return str(candidate), "the project's .venv"
    active = os.environ.get("VIRTUAL_ENV")
    if active:
        for candidate in (Path(active) / "bin" / "python", Path(active) / "Scripts" / "python.exe"):
            if candidate.is_file():
                return str(candidate), f"the active virtualenv {active}"
    found = shutil.which("python3") or shutil.which("python")
    return found or sys.executable, "the python on your PATH"


_INSTALL_LINE = re.compile(r"^\s*(?:\$\s*)?(.*pip install.*)$")


def install_hint(root: Path) -> str:
    """The setup part of the README's test command ("... pip install -e '.[test]'")."""
    try:
        readme = read_text_file(root / "README.md", max_bytes=1 << 20, what="README")
    except FileReadError:
        return DEFAULT_INSTALL
    candidates = [m.group(1).strip() for line in readme.splitlines() if (m := _INSTALL_LINE.match(line))]
    for line in sorted(candidates, key=lambda c: "[test]" not in c and "pytest" not in c):
        parts = [part.strip() for part in line.split("&&")]
        setup = [part for part in parts if "pytest" not in part or "pip install" in part]
        if setup:
            return " && ".join(setup)
    return DEFAULT_INSTALL


WATCH_LIMIT = 5000  # files per snapshot: a project's src/ and tests/ hold far fewer


def project_snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of the files `aieng check --watch` reacts to: src/, tests/ and the
    top-level files; caches and dot folders are skipped, symlinked folders not followed."""
    seen: dict[str, tuple[int, int]] = {}

    def note(path: str) -> None:
        try:
            info = os.stat(path, follow_symlinks=False)
        except OSError:  # deleted meanwhile: a change the next snapshot shows
            return
        seen[os.path.relpath(path, root)] = (info.st_mtime_ns, info.st_size)

    with contextlib.suppress(OSError):
        for name in os.listdir(root):
            if not name.startswith(".") and os.path.isfile(root / name):
                note(str(root / name))
    for top in ("src", "tests"):
        for folder, subfolders, files in os.walk(root / top):
            subfolders[:] = [d for d in subfolders if not d.startswith(".") and d != "__pycache__"]
            for name in files[: max(0, WATCH_LIMIT - len(seen))]:
                note(os.path.join(folder, name))
    return seen


def recorded(progress: Progress, root: Path) -> Project | None:
    """The progress entry of the project at `root`, matched by its resolved path."""
    target = _resolved(root)
    for project in progress.projects:
        if _resolved(Path(project.path)) == target:
            return project
    return None


def record_results(
    progress: Progress,
    root: Path,
    project: ProjectFile,
    passed: list[int],
    add: bool,
    now: datetime | None = None,
) -> Project | None:
    """Note stages that passed (the first time each did) on the project's entry.

    A project not in the progress store is added only when `add` (generated elsewhere, and the
    learner said yes); returns the entry, or None when nothing was recorded.
    """
    entry = recorded(progress, root)
    if entry is None:
        if not add:
            return None
        entry = Project(template=project.template, path=str(_resolved(root)))
        progress.projects.append(entry)
    now = now or utcnow()
    entry.stage_count = len(project.stages)
    for number in passed:
        entry.stages.setdefault(str(number), now)
    return entry


def project_progress(progress: Progress) -> list[str]:
    """One line per recorded project with stages: "RAG platform: stage 3 of 7" (or all done)."""
    lines = []
    labels = [label(p.template) for p in progress.projects]
    for project, name in zip(progress.projects, labels, strict=True):
        if not project.stage_count:
            continue
        if labels.count(name) > 1:
            name = f"{name} ({Path(project.path).name})"
        done = {int(n) for n in project.stages}
        current = next((n for n in range(1, project.stage_count + 1) if n not in done), None)
        if current is None:
            lines.append(f"{name}: all {project.stage_count} stages done")
        else:
            lines.append(f"{name}: stage {current} of {project.stage_count}")
    return lines


def recorded_summary(progress: Progress) -> str:
    """The recorded projects in a few words, for "not inside a project"."""
    if not progress.projects:
        return "no projects recorded yet; create one with: aieng new TEMPLATE --guided"
    shown = [f"{label(p.template)} at {p.path}" for p in progress.projects[-5:]]
    more = f" (and {len(progress.projects) - 5} more)" if len(progress.projects) > 5 else ""
    return "your projects: " + "; ".join(shown) + more


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))
