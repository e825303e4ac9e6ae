"""`aieng check` on generated projects of the guided-demo fixture template, as a learner runs it."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aieng_cli.cli import check as check_cmd
from aieng_cli.progress import Progress, ProgressStore, Project
from aieng_cli.projects import (
    PROJECT_FILE,
    ProjectError,
    install_hint,
    project_progress,
    python_for,
    read_project_file,
)

from .guided_support import (
    FIXTURE_TEMPLATES,
    fast_pytest,  # noqa: F401  (fixture)
    generate,
)

pytestmark = pytest.mark.usefixtures("fast_pytest")


def progress_file(home) -> dict:
    return json.loads((home / "progress.json").read_text())


def test_two_of_three_stages_written_reports_2_of_3_and_records_them(cli, tmp_path, monkeypatch, aieng_home):
    project = generate(tmp_path, guided=True, solved=(1, 2))
    monkeypatch.chdir(project / "src")  # found from a subfolder too
    result = cli("check", "--record")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "✓ stage 1  Split text into words" in lines and "✓ stage 2  Count the words" in lines
    assert "✗ stage 3  Rank the top words" in lines
    assert any("test_most_frequent_first: not written yet (stage 3: rank the words by count" in line for line in lines)
    assert "2 of 3 stages pass. Next: stage 3 — aieng check --explain 3" in lines
    recorded = progress_file(aieng_home)["projects"]
    assert [(p["template"], sorted(p["stages"]), p["stage_count"]) for p in recorded] == [
        ("guided-demo", ["1", "2"], 3)
    ]
    assert project_progress(ProgressStore(aieng_home / "progress.json").load()) == ["Guided demo: stage 3 of 3"]


def test_generated_here_is_recorded_without_asking_and_complete_passes_all(cli, tmp_path, monkeypatch, aieng_home):
    monkeypatch.setattr("aieng_cli.scaffold.templates_dir", lambda: FIXTURE_TEMPLATES)
    assert cli("new", "guided-demo", "--no-input", "-o", str(tmp_path)).exit_code == 0
    monkeypatch.chdir(tmp_path / "guided-demo")
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "3 of 3 stages pass." in result.output and "Recorded: stages 1, 2, 3 passed." in result.output
    store = progress_file(aieng_home)
    assert sorted(store["projects"][0]["stages"]) == ["1", "2", "3"]
    assert project_progress(ProgressStore(aieng_home / "progress.json").load()) == ["Guided demo: all 3 stages done"]


def test_one_stage_and_explain_agree_with_stages_md(cli, tmp_path, monkeypatch):
    project = generate(tmp_path, guided=True, solved=(1,))
    monkeypatch.chdir(project)
    result = cli("check", "--stage", "1", "--no-record")
    assert result.exit_code == 0, result.output
    assert "✓ stage 1" in result.output and "stage 2" not in result.output
    assert "Not recorded: this project is not in your progress" in result.output
    explained = cli("check", "--explain", "2").output
    stages_md = (project / "STAGES.md").read_text()
    assert explained.startswith("## Stage 2: Count the words") and explained in stages_md
    for bad in (["--explain", "9"], ["--stage", "4"]):
        result = cli("check", *bad)
        assert result.exit_code == 1 and result.output.strip() == "aieng: this project has stages 1-3, not " + bad[1]


def test_project_made_elsewhere_is_offered_for_recording(cli, tmp_path, monkeypatch, aieng_home):
    project = generate(tmp_path, guided=True, solved=(1,))
    monkeypatch.chdir(project)
    monkeypatch.setattr(check_cmd, "_interactive", lambda: True)
    result = cli("check", "--stage", "1", input="y\n")
    assert "Record it? [Y/n]" in result.output and "Recorded: stage 1 passed." in result.output
    assert list(progress_file(aieng_home)["projects"][0]["stages"]) == ["1"]


def test_outside_a_project_one_line_lists_the_recorded_projects(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("check")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"aieng: not inside a project made by `aieng new` (no {PROJECT_FILE} here or above); "
        "no projects recorded yet; create one with: aieng new TEMPLATE --guided"
    )
    project = generate(tmp_path / "p", guided=True)
    monkeypatch.chdir(project)
    cli("check", "--stage", "1", "--record")
    monkeypatch.chdir(tmp_path)
    result = cli("check")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert f"your projects: Guided demo at {project.resolve()}" in result.output


def test_an_edited_stage_test_is_reported_and_not_recorded(cli, tmp_path, monkeypatch, aieng_home):
    project = generate(tmp_path, guided=True)
    tests = project / "tests" / "test_text.py"
    tests.write_text("import pytest\n\npytestmark = pytest.mark.stage(1)\n\n\ndef test_words():\n    assert True\n")
    monkeypatch.chdir(project)
    result = cli("check", "--stage", "1", "--record")
    assert "✓ stage 1" in result.output
    assert "tests/test_text.py changed since the project was generated: this result is not recorded" in result.output
    assert progress_file(aieng_home)["projects"][0]["stages"] == {}


def test_a_hung_stage_is_stopped_after_the_limit(cli, tmp_path, monkeypatch):
    project = generate(tmp_path, guided=True, solved=(1,))
    counting = project / "src" / "guided_demo" / "counting.py"
    counting.write_text(
        counting.read_text().replace(
            "    raise NotImplementedError", "    while True:\n        pass\n    raise NotImplementedError"
        )
    )
    monkeypatch.chdir(project)
    result = cli("check", "--timeout", "3", "--no-record")
    assert result.exit_code == 1
    assert "✓ stage 1" in result.output
    assert "test_counts_each_word did not finish in 3 s" in result.output
    assert "not run: the test run was stopped before it" in result.output  # stage 3


def test_missing_packages_say_how_to_install_from_the_readme(cli, tmp_path, monkeypatch):
    project = generate(tmp_path, guided=True)
    test = project / "tests" / "test_text.py"
    test.write_text("import surely_not_installed_pkg  # noqa\n" + test.read_text())
    monkeypatch.chdir(project)
    result = cli("check", "--no-record")
    assert result.exit_code == 1
    said = " ".join(result.output.split())  # the line wraps at the terminal's width
    assert "surely_not_installed_pkg is not installed for" in said
    assert 'install it first with: python3 -m venv .venv && .venv/bin/pip install -e ".[test]" ' in said


def test_code_that_does_not_load_names_the_file_and_line(cli, tmp_path, monkeypatch):
    project = generate(tmp_path, guided=True, solved=(1,))
    (project / "src" / "guided_demo" / "counting.py").write_text("def count_words(:\n")
    monkeypatch.chdir(project)
    result = cli("check", "--no-record")
    assert result.exit_code == 1
    assert "✓ stage 1" in result.output
    assert "stage 2  Count the words\n    its tests could not be loaded (below)" in result.output
    assert (
        "tests/test_counting.py could not be loaded: SyntaxError: invalid syntax (src/guided_demo/counting.py line 1)"
        in result.output
    )


def test_watch_checks_again_after_a_save(cli, tmp_path, monkeypatch):
    project = generate(tmp_path, guided=True)
    reference = generate(tmp_path / "ref", guided=False)
    monkeypatch.chdir(project)
    calls = []

    def fake_sleep(seconds):
        calls.append(seconds)
        if len(calls) == 1:  # the learner saves stage 1's code
            target = project / "src" / "guided_demo" / "text.py"
            target.write_text((reference / "src" / "guided_demo" / "text.py").read_text())
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(check_cmd, "sleep", fake_sleep)
    result = cli("check", "--watch", "--stage", "1", "--no-record")
    assert result.exit_code == 0, result.output
    assert result.output.count("Checking") == 2
    first, second = result.output.split("Watching for saves", 1)
    assert "✗ stage 1" in first and "✓ stage 1" in second
    assert result.output.rstrip().endswith("Stopped watching.")


@settings(max_examples=60, deadline=None)
@given(
    st.binary(max_size=300)
    | st.builds(
        lambda s: json.dumps(s).encode(),
        st.dictionaries(st.text(max_size=8), st.none() | st.text(max_size=8) | st.integers()),
    )
)
def test_a_damaged_project_file_is_one_line(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("damaged")
    (folder / PROJECT_FILE).write_bytes(raw)
    try:
        read_project_file(folder)
    except ProjectError as exc:
        assert "\n" not in str(exc) and str(folder / PROJECT_FILE) in str(exc)


def test_a_project_file_naming_tests_outside_the_project_is_refused(tmp_path):
    record = {"template": "x", "tests": {"tests/../../etc/passwd.py": "0" * 64}}
    (tmp_path / PROJECT_FILE).write_text(json.dumps(record))
    with pytest.raises(ProjectError, match=r"damaged project file \(Expected `str` of the expected form at `key` in"):
        read_project_file(tmp_path)


def test_install_hint_comes_from_the_readme(tmp_path):
    (tmp_path / "README.md").write_text(
        "Run:\n\n```bash\npython3 -m venv .venv && .venv/bin/pip install -e . && app\n```\n\nTest:\n\n"
        "```bash\nuv venv && uv pip install -e '.[test]' && .venv/bin/python -m pytest -q\n```\n"
    )
    assert install_hint(tmp_path) == "uv venv && uv pip install -e '.[test]'"
    (tmp_path / "README.md").write_text("no commands here")
    assert install_hint(tmp_path) == 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]"'


def test_project_progress_lines():
    now = datetime.now(timezone.utc)
    projects = [
        Project(template="rag-platform", path="/a/rag", stages={"1": now, "2": now}, stage_count=7),
        Project(template="ai-agent", path="/a/agent"),  # never checked: no line
        Project(template="ai-saas", path="/a/s1", stages={"2": now}, stage_count=7),
        Project(template="ai-saas", path="/a/s2", stages={str(n): now for n in range(1, 8)}, stage_count=7),
    ]
    assert project_progress(Progress(projects=projects)) == [
        "RAG platform: stage 3 of 7",
        "AI SaaS (s1): stage 1 of 7",
        "AI SaaS (s2): all 7 stages done",
    ]


def test_the_projects_own_venv_is_used_and_missing_pytest_says_how_to_install(cli, tmp_path, monkeypatch):
    project = generate(tmp_path, guided=True)
    venv_python = project / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    # An interpreter without site-packages: what a fresh `python3 -m venv .venv` gives before pip install.
    venv_python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')
    venv_python.chmod(0o755)
    assert python_for(project) == (str(venv_python), "the project's .venv")
    monkeypatch.chdir(project)
    result = cli("check", "--no-record")
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert f"pytest is not installed for {venv_python} (the project's .venv); install it first with: " in said


def test_without_a_venv_the_active_virtualenv_or_path_python_runs_the_tests(tmp_path, monkeypatch):
    monkeypatch.setenv("VIRTUAL_ENV", sys.prefix)
    assert python_for(tmp_path)[1] == f"the active virtualenv {sys.prefix}"
    monkeypatch.delenv("VIRTUAL_ENV")
    assert python_for(tmp_path)[1] == "the python on your PATH"


def test_the_watch_snapshot_sees_code_and_tests_but_not_virtualenvs_or_caches(tmp_path):
    from aieng_cli.projects import project_snapshot

    for name in (
        "src/pkg/a.py",
        "tests/test_a.py",
        "README.md",
        ".venv/lib/x.py",
        "src/pkg/__pycache__/a.pyc",
        "docs/x.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert sorted(project_snapshot(tmp_path)) == ["README.md", "src/pkg/a.py", "tests/test_a.py"]


def test_a_reader_that_stops_early_does_not_lose_the_record(tmp_path, aieng_home):
    """`aieng check | head -1` as a real process: the pipe closes after one line, the record stays."""
    import os
    import subprocess

    project = generate(tmp_path, guided=True, solved=(1,))
    read, write = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-m", "aieng_cli", "check", "--record"],
        cwd=project,
        stdout=write,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "AIENG_HOME": str(aieng_home)},
    )
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        assert pipe.readline().startswith(b"Checking ")
    child.wait(timeout=120)
    assert [sorted(p["stages"]) for p in progress_file(aieng_home)["projects"]] == [["1"]]
