"""`aieng practice`: check, list, solution, hints, the watch loop and every bad input, through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aieng_cli import practice
from aieng_cli.practice_store import default_practice_store

FIXTURE = Path(__file__).parent / "fixtures" / "exercises"
ADD = "python-engineering-add"
SOLUTION = "def add(a, b):\n    return a + b\n"


@pytest.fixture(autouse=True)
def exercises(monkeypatch, tmp_path) -> Path:
    """The two tiny fixture exercises, and a practice folder in tmp."""
    monkeypatch.setenv("AIENG_EXERCISES", str(FIXTURE))
    return tmp_path / "practice"


def copy_of(base: Path, exercise_id: str = ADD) -> Path:
    return base / "python-engineering" / exercise_id


def results() -> dict:
    return json.loads(default_practice_store().path.read_text())["practice"]["results"]


def test_check_fails_then_passes_and_records_attempts(cli, exercises):
    failed = cli("practice", "check", ADD, "--dir", str(exercises))
    assert failed.exit_code == 1
    assert "0 of 2 tests pass. test_small: not written yet (NotImplementedError) (adder.py line 2)" in failed.output
    (copy_of(exercises) / "adder.py").write_text(SOLUTION)
    passed = cli("practice", "check")  # no id: the current exercise, in the remembered folder
    assert passed.exit_code == 0, passed.output
    assert "✓ python-engineering-add: all 2 tests pass" in passed.output
    recorded = results()[ADD]
    assert recorded["attempts"] == 2 and recorded["passed_at"] and recorded["last"] == "passed"


def test_wrong_answer_says_expected_and_got(cli, exercises):
    cli("practice", "check", ADD, "--dir", str(exercises))
    (copy_of(exercises) / "adder.py").write_text("def add(a, b):\n    return a - b\n")
    result = cli("practice", "check", ADD)
    assert "test_small: expected 3, got -1" in result.output


def test_check_without_id_uses_the_folder_we_are_in(cli, exercises, monkeypatch):
    cli("practice", "check", "python-engineering-mul", "--dir", str(exercises))
    cli("practice", "check", ADD)
    monkeypatch.chdir(copy_of(exercises, "python-engineering-mul") / "tests")
    result = cli("practice", "check")
    assert "python-engineering-mul" in result.output and "expected 12, got 0" in result.output


def test_check_with_nothing_current_says_what_to_do(cli):
    result = cli("practice", "check")
    assert result.exit_code == 1
    assert "no current exercise" in result.output


def test_edited_tests_are_restored_and_learner_code_kept(cli, exercises):
    cli("practice", "check", ADD, "--dir", str(exercises))
    folder = copy_of(exercises)
    (folder / "adder.py").write_text("def add(a, b):\n    return 42\n")
    (folder / "tests" / "test_adder.py").write_text("def test_cheat():\n    assert True\n")
    (folder / "tests" / "conftest.py").write_text("import pytest\n")  # cannot change the tests either
    result = cli("practice", "check", ADD)
    assert "Restored tests/test_adder.py" in result.output
    assert result.exit_code == 1
    assert (folder / "adder.py").read_text() == "def add(a, b):\n    return 42\n"
    assert "def test_small" in (folder / "tests" / "test_adder.py").read_text()


def test_deleted_folder_is_restored_on_request(cli, exercises):
    import shutil

    cli("practice", "check", ADD, "--dir", str(exercises))
    shutil.rmtree(copy_of(exercises))
    result = cli("practice", "check", ADD)
    assert result.exit_code == 1 and (copy_of(exercises) / "tests" / "test_adder.py").is_file()
    assert (copy_of(exercises) / "adder.py").read_text().startswith("def add")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("def add(a, b):\n    return a +\n", "syntax error in adder.py line 2: invalid syntax"),
        ("def add(a, b):\n    while True:\n        pass\n", "your code did not finish in 8 s"),
        ("import os\nos._exit(0)\n", "the test run stopped before reporting"),
        ("import no_such_module_xyz\n", "the tests could not load your code: ModuleNotFoundError"),
        ("\x00", "adder.py cannot be compiled"),
    ],
    ids=["syntax", "hang", "exit", "import", "nul"],
)
def test_bad_learner_code_is_one_friendly_line(cli, exercises, code, expected):
    cli("practice", "check", ADD, "--dir", str(exercises))
    (copy_of(exercises) / "adder.py").write_text(code)
    result = cli("practice", "check", ADD)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output


def test_runaway_output_is_cut(cli, exercises):
    cli("practice", "check", ADD, "--dir", str(exercises))
    (copy_of(exercises) / "adder.py").write_text("def add(a, b):\n    while True:\n        print('x' * 4096)\n")
    result = cli("practice", "check", ADD, "--verbose")
    assert "did not finish in 8 s" in result.output
    assert "output cut" in result.output
    assert len(result.output) < 80_000


def test_the_learner_process_group_is_killed(exercises):
    """A child process the learner's code starts does not outlive the time limit."""
    index = practice.load_index()
    folder = practice.prepare(index[ADD], exercises).folder
    pid_file = folder / "child.pid"
    (folder / "adder.py").write_text(
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(60)\n"
    )
    from aieng_cli.practice_check import check

    result = check(index[ADD], folder, timeout=6)
    assert result.outcome == "timeout"
    pid = int(pid_file.read_text())
    import time

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the learner's child process survived")


def test_list_marks_passed_exercises(cli, exercises):
    listed = cli("practice", "--list")
    assert "✗ python-engineering-add" in listed.output and "0/2 exercises pass" in listed.output
    cli("practice", "check", ADD, "--dir", str(exercises))
    (copy_of(exercises) / "adder.py").write_text(SOLUTION)
    cli("practice", "check", ADD)
    listed = cli("practice", "--list")
    assert "✓ python-engineering-add" in listed.output and "1/2 exercises pass" in listed.output


def test_solution_needs_a_pass_or_reveal_which_is_recorded(cli, exercises):
    refused = cli("practice", "solution", ADD)
    assert refused.exit_code == 1 and "--reveal" in refused.output
    shown = cli("practice", "solution", ADD, "--reveal")
    assert shown.exit_code == 0 and "return a + b" in shown.output
    assert results()[ADD]["revealed"] is True
    cli("practice", "check", "python-engineering-mul", "--dir", str(exercises))
    (copy_of(exercises, "python-engineering-mul") / "multiplier.py").write_text("def mul(a, b):\n    return a * b\n")
    cli("practice", "check", "python-engineering-mul")
    after_pass = cli("practice", "solution", "python-engineering-mul")
    assert after_pass.exit_code == 0 and "return a * b" in after_pass.output
    assert results()["python-engineering-mul"]["revealed"] is False


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["practice", "check", "python-engineering-ad"], "did you mean 'python-engineering-add'"),
        (["practice", "solution", "nope"], "unknown exercise 'nope'"),
        (["practice", "portfolio-projects"], "topic 'portfolio-projects' has no exercises"),
        (["practice", "no-such-thing"], "unknown exercise 'no-such-thing'"),
    ],
)
def test_bad_names_are_one_line(cli, args, expected):
    result = cli(*args)
    assert result.exit_code == 1
    assert expected in result.output and "Traceback" not in result.output


def test_dir_that_is_a_file_is_one_line(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("practice", "check", ADD, "--dir", str(blocker / "sub"))
    assert result.exit_code == 1
    assert "cannot write the exercise there" in result.output


def test_broken_exercise_yaml_names_the_file(cli, monkeypatch, tmp_path):
    broken = tmp_path / "ex" / "python-engineering" / "python-engineering-x"
    broken.mkdir(parents=True)
    (broken / "exercise.yaml").write_text("id: [unclosed\n")
    monkeypatch.setenv("AIENG_EXERCISES", str(tmp_path / "ex"))
    result = cli("practice", "--list")
    assert result.exit_code == 1
    assert "exercise.yaml: invalid exercise" in result.output


class ScriptedKeys:
    """Drives the watch loop: each get() runs the next step and returns its key."""

    def __init__(self, steps):
        self.steps = list(steps)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def get(self, timeout):
        step = self.steps.pop(0) if self.steps else (lambda: "q")
        return step()


def test_watch_reruns_on_save_gives_hints_and_moves_on(cli, exercises, monkeypatch):
    from aieng_cli.cli import practice as practice_cli

    def save_solution():
        (copy_of(exercises) / "adder.py").write_text(SOLUTION)
        return None

    steps = [lambda: "n", lambda: "h", lambda: "h", lambda: "h", save_solution, lambda: "n", lambda: None]
    monkeypatch.setattr(practice_cli, "key_source", lambda: ScriptedKeys(steps))
    result = cli("practice", "--dir", str(exercises))
    out = result.output
    assert result.exit_code == 0, out
    assert "Add two numbers  [python-engineering-add]" in out and "Write add(a, b)" in out
    assert f"Edit: {copy_of(exercises) / 'adder.py'}" in out
    assert out.index("Not passing yet") < out.index("Hint 1/2: Use the + operator.")
    assert out.count("Hint 2/2: return a + b") == 2  # the last hint again
    assert out.index("✓ python-engineering-add: all 2 tests pass") > out.index("Hint 2/2")
    assert "Multiply two numbers  [python-engineering-mul]" in out  # n: the next exercise
    assert "expected 12, got 0" in out
    assert out.rstrip().endswith(f"Bye — your work stays in {copy_of(exercises, 'python-engineering-mul')}")
    assert results()[ADD]["hints_used"] == 2


def test_watch_topic_argument_and_edited_test_restored_without_rerun_loop(cli, exercises, monkeypatch):
    from aieng_cli.cli import practice as practice_cli

    runs = []

    def edit_test():
        (copy_of(exercises, "python-engineering-mul") / "tests" / "test_multiplier.py").write_text("x = 1\n")
        return None

    def count():
        runs.append(1)
        return None

    steps = [edit_test, count, count, lambda: "q"]
    monkeypatch.setattr(practice_cli, "key_source", lambda: ScriptedKeys(steps))
    result = cli("practice", "python-engineering-mul", "--dir", str(exercises))
    assert result.output.count("Restored tests/test_multiplier.py") == 1
    assert result.output.count("… checking") == 2  # the start, the edit; restoring it is no new save


def test_next_exercise_follows_the_track_from_where_the_learner_is(cli, exercises, monkeypatch):
    from aieng_cli.cli import practice as practice_cli

    cli("plan", "--track", "ai-developer", "--hours", "8")
    cli("mark", "python-engineering", "done")
    monkeypatch.setattr(practice_cli, "key_source", lambda: ScriptedKeys([]))
    result = cli("practice", "--dir", str(exercises))
    assert "[python-engineering-add]" in result.output  # later topics have none: wrap to earlier ones


def test_summary_for_status_today_and_dashboard(exercises):
    from aieng_cli.progress import default_store
    from aieng_cli.roadmap import load_roadmap

    store = default_practice_store()
    summary = practice.summary(load_roadmap(), default_store().load())
    assert (summary.done, summary.total, summary.next_id) == (0, 2, ADD)
    store.mutate(lambda p: p.record_check(ADD, "passed"))
    summary = practice.summary(load_roadmap(), default_store().load())
    assert (summary.done, summary.next_id) == (1, "python-engineering-mul")
    assert summary.line() == "Practice: 1/2 exercises passed — next: python-engineering-mul"


def test_ctrl_c_during_a_check_stops_the_learner_code(exercises, monkeypatch):
    import subprocess

    from aieng_cli import practice_check

    started = []

    class Interrupted(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

        def wait(self, timeout=None):
            if timeout is not None:
                raise KeyboardInterrupt
            return super().wait()

    monkeypatch.setattr(practice_check.subprocess, "Popen", Interrupted)
    index = practice.load_index()
    folder = practice.prepare(index[ADD], exercises).folder
    with pytest.raises(KeyboardInterrupt):
        practice_check.check(index[ADD], folder)
    assert started and started[0].poll() is not None


def test_ctrl_c_in_watch_says_bye(cli, exercises, monkeypatch):
    from aieng_cli.cli import practice as practice_cli

    def interrupt():
        raise KeyboardInterrupt

    monkeypatch.setattr(practice_cli, "key_source", lambda: ScriptedKeys([lambda: None, interrupt]))
    result = cli("practice", ADD, "--dir", str(exercises))
    assert result.exit_code == 0
    assert "Bye — your work stays in" in result.output


@pytest.mark.parametrize(
    ("message", "plain"),
    [
        ("NotImplementedError", "not written yet (NotImplementedError)"),
        ("assert [2, 1] == [1, 2]\n  At index 0 diff: 2 != 1", "expected [1, 2], got [2, 1]"),
        (
            "AssertionError: custom note\nassert [1, 2] == [1, 3]\n  At index 1",
            "custom note: expected [1, 3], got [1, 2]",
        ),
        ("assert 0.5 == 0.6 ± 6.0e-07\n  comparison failed", "expected 0.6 ± 6.0e-07, got 0.5"),
        (
            "AssertionError: \nNot equal to tolerance rtol=1e-07, atol=0\n\nMismatched elements: 1 / 2 (50%)\n"
            " ACTUAL: array([1., 2.])\n DESIRED: array([1. , 2.5])",
            "expected array([1. , 2.5]), got array([1., 2.]) (Not equal to tolerance rtol=1e-07, atol=0)",
        ),
        ("Failed: DID NOT RAISE <class 'ValueError'>", "expected an error (<class 'ValueError'>) but none was raised"),
        ("AssertionError:\nsomething odd\nmore", "something odd · more"),
        ("KeyError: 'x'", "KeyError: 'x'"),
        ("", "failed"),
        ("x" * 1000, "x" * 299 + "…"),
    ],
)
def test_plain_failure_messages(message, plain):
    from aieng_cli.practice_check import plain_message

    assert plain_message(message) == plain


def test_a_learner_pytest_config_cannot_change_the_run(cli, exercises):
    cli("practice", "check", ADD, "--dir", str(exercises))
    folder = copy_of(exercises)
    (folder / "adder.py").write_text(SOLUTION)
    (folder / "pytest.ini").write_text("[pytest]\naddopts = --co -k nothing\n")
    (exercises / "pyproject.toml").write_text("[tool.pytest.ini_options]\naddopts = '-x --bogus-flag'\n")
    result = cli("practice", "check", ADD)
    assert result.exit_code == 0, result.output
    assert "all 2 tests pass" in result.output


def test_tests_the_learner_adds_do_not_change_the_verdict(cli, exercises):
    cli("practice", "check", ADD, "--dir", str(exercises))
    folder = copy_of(exercises)
    (folder / "adder.py").write_text(SOLUTION)
    (folder / "tests" / "test_mine.py").write_text("def test_mine():\n    assert False\n")
    result = cli("practice", "check", ADD)
    assert result.exit_code == 0 and "all 2 tests pass" in result.output
    assert (folder / "tests" / "test_mine.py").exists()  # theirs: kept
