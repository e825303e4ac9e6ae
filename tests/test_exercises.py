"""Every shipped exercise: its starter fails its tests, its solution passes them, its files are
well formed and pass ruff. Checked the way learners check (practice.prepare + practice_check
in a subprocess with the exercise's time limit), two exercises at a time.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from aieng_cli import practice
from aieng_cli.practice_check import check
from aieng_cli.roadmap import load_roadmap

ROOT = practice.exercises_root()
INDEX = practice.load_index(ROOT)
README = ROOT / "README.md"
WORKERS = 2  # the CI machine has 2 cores


def _verdicts(exercise: practice.Exercise, base: Path) -> tuple[str, str, str]:
    """(starter outcome, solution outcome, headline of the solution run)."""
    prepared = practice.prepare(exercise, base / "starter")
    starter = check(exercise, prepared.folder)
    prepared = practice.prepare(exercise, base / "solution")
    shutil.copyfile(exercise.source / "solution" / exercise.file, prepared.folder / exercise.file)
    solution = check(exercise, prepared.folder)
    return starter.outcome, solution.outcome, solution.headline + "\n" + solution.output[-3000:]


@pytest.fixture(scope="module")
def verdicts(request, tmp_path_factory) -> dict[str, tuple[str, str, str]]:
    """Checks the selected exercises (all, or those picked with -k), WORKERS at a time."""
    selected = [
        item.callspec.params["exercise_id"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_starter_fails_and_solution_passes"
    ]
    base = tmp_path_factory.mktemp("exercises")
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {name: pool.submit(_verdicts, INDEX[name], base / name) for name in selected}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("exercise_id", list(INDEX))
def test_starter_fails_and_solution_passes(exercise_id, verdicts):
    starter, solution, detail = verdicts[exercise_id]
    assert starter == "failed", f"{exercise_id}: the starter must fail its tests (got {starter})"
    assert solution == "passed", f"{exercise_id}: the solution must pass its tests:\n{detail}"


@pytest.mark.parametrize("exercise_id", list(INDEX))
def test_exercise_is_well_formed(exercise_id):
    exercise = INDEX[exercise_id]
    roadmap = load_roadmap()
    assert roadmap.has_topic(exercise.topic), f"{exercise_id}: unknown topic {exercise.topic}"
    assert exercise.id.startswith(exercise.topic + "-"), "ids start with their topic id"
    words = len(exercise.task().split())
    assert 80 <= words <= 250, f"{exercise_id}: task.md has {words} words (80-250)"
    tests = list((exercise.source / "tests").glob("test_*.py"))
    assert tests, f"{exercise_id}: no tests/test_*.py"
    count = sum(
        1
        for path in tests
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )
    assert count >= 4, f"{exercise_id}: {count} test functions (at least 4)"
    assert not (exercise.source / "tests" / "__init__.py").exists(), "tests/ has no __init__.py"
    starter = (exercise.source / "starter" / exercise.file).read_text(encoding="utf-8")
    assert starter != exercise.solution(), "the starter is not the solution"


def test_exercise_files_pass_ruff():
    ruff = Path(sys.executable).with_name("ruff")
    command = [str(ruff)] if ruff.exists() else [sys.executable, "-m", "ruff"]
    done = subprocess.run(
        [*command, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, timeout=120, cwd=ROOT.parent
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_practisable_topic_has_an_exercise():
    """Topics without exercises must be named, with the reason, in exercises/README.md."""
    readme = README.read_text(encoding="utf-8")
    covered = {e.topic for e in INDEX.values()}
    missing = [t.id for t in load_roadmap().topics if t.id not in covered and f"`{t.id}`" not in readme]
    assert not missing, f"topics with no exercise and not listed as exceptions in {README}: {missing}"
    assert len(INDEX) >= 60, f"{len(INDEX)} exercises; the issue asks for at least 60"
