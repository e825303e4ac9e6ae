"""Ids and command names as learners type them: any case, typos answered with "did you mean"."""

from __future__ import annotations

import pytest

from aieng_cli.progress import default_store


@pytest.fixture(autouse=True)
def _mini(mini):
    return mini


@pytest.mark.parametrize(("typed", "meant"), [("stauts", "status"), ("tody", "today"), ("Plan", "plan")])
def test_mistyped_command_says_did_you_mean(cli, typed, meant):
    result = cli(typed)
    assert result.exit_code == 2 and "Did you mean" in result.output
    assert meant in result.output.split("Did you mean")[1].split("?")[0].split()


def test_mistyped_subcommand_says_did_you_mean(cli):
    result = cli("progress", "exprot")
    assert result.exit_code == 2 and "Did you mean 'export'?" in result.output


def test_unrelated_command_lists_no_guess(cli):
    result = cli("xyzzy")
    assert result.exit_code == 2 and "No such command 'xyzzy'" in result.output and "Did you mean" not in result.output


@pytest.mark.parametrize("typed", ["RAG", "Rag", "rAg"])
def test_topic_ids_are_case_insensitive(cli, typed):
    cli("plan", "--track", "builder")
    result = cli("mark", typed, "done")
    assert result.exit_code == 0 and result.output == "rag: done\n"
    assert default_store().load().status("rag") == "done"
    assert "Retrieval" in cli("topic", typed).output or cli("topic", typed).exit_code == 0


def test_track_ids_are_case_insensitive(cli):
    assert cli("plan", "--track", "Scholar", "--hours", "5").exit_code == 0
    assert default_store().load().track == "scholar"


def test_a_short_track_prefix_is_one_clear_line(cli, monkeypatch):
    monkeypatch.delenv("AIENG_ROADMAP")
    result = cli("plan", "--track", "llm")
    assert result.exit_code == 1
    assert result.stderr == "aieng: unknown track 'llm'; did you mean llm-mastery?\n"


def test_a_hopeless_track_lists_all_tracks_without_an_ellipsis(cli):
    result = cli("plan", "--track", "zzz")
    assert result.stderr == "aieng: unknown track 'zzz'; known: builder, scholar\n"


def test_mark_outside_the_track_says_so_and_still_marks(cli):
    cli("plan", "--track", "builder")  # python, apis, rag: not maths
    result = cli("mark", "maths", "learning")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "maths: learning" and "outside your track (builder)" in lines[1]
    assert default_store().load().status("maths") == "learning"
    assert "outside" not in cli("mark", "rag", "done").output


def test_mark_a_project_milestone_in_any_case(cli):
    cli("plan", "--track", "builder")
    assert cli("mark", "RAG-Platform", "done").output == "rag-platform: done\n"


@pytest.mark.parametrize(
    "command",
    [["status"], ["plan"], ["topic"], ["doctor"], ["practice"], ["config"], ["config", "set"], ["progress", "export"]],
)
def test_completion_options_only_on_the_root(cli, command):
    assert "--install-completion" in cli("--help").output
    out = cli(*command, "--help").output
    assert "--install-completion" not in out and "--show-completion" not in out


def test_exercise_ids_in_any_case(cli, monkeypatch):
    monkeypatch.delenv("AIENG_ROADMAP")
    result = cli("practice", "solution", "RAG-Chunker-Overlap")
    assert result.exit_code == 1 and result.stderr.startswith("aieng: rag-chunker-overlap has not passed yet")


def test_template_names_in_any_case(cli, tmp_path):
    (tmp_path / "rag-platform").mkdir()  # the template is found, then the existing folder stops it at once
    result = cli("new", "RAG-Platform", "--no-input", "--output-dir", str(tmp_path))
    assert result.exit_code == 1 and "already exists" in result.stderr and "unknown template" not in result.stderr
