"""Plain output fits the terminal, is never cut when piped, and honours NO_COLOR (shipped roadmap)."""

from __future__ import annotations

import re
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from .conftest import run_aieng

WIDTHS = (80, 60)


def _widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


@pytest.fixture
def learner(cli):
    """A learner on the longest-titled track, with one topic done (a ✓ at the end of a plan row)."""
    assert cli("plan", "--track", "ai-developer", "--hours", "8", "--start", "2026-11-02").exit_code == 0
    assert cli("mark", "data-structures-algorithms", "done").exit_code == 0
    cli("mark", "databases", "learning")
    cli("mark", "apis-http", "skip")
    return cli


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize(
    "command", [["status"], ["plan", "--show"], ["plan", "--weeks"], ["today"], ["practice", "--list"]]
)
def test_plain_commands_fit_the_terminal(learner, monkeypatch, columns, command):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = learner(*command)
    assert result.exit_code == 0, result.output
    assert _widest(result.output) <= columns, result.output


@pytest.mark.parametrize("columns", (*WIDTHS, 100, 200))
def test_a_done_mark_stays_on_its_topic_line(learner, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = learner("plan", "--show").output.splitlines()
    assert not [line for line in lines if line.strip() == "✓"]
    done = [line for line in lines if line.endswith("✓")]
    assert len(done) == 1 and ("2026" in done[0] or "2027" in done[0])


@pytest.mark.parametrize("columns", (80, 100, 200))
def test_plan_rows_line_up_done_or_not(learner, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = learner("plan", "--show").output.splitlines()
    dated = [line for line in lines if " h  wk " in line]
    assert len(dated) > 10 and len({line.index(" h  wk ") for line in dated}) == 1, "\n".join(dated)
    assert any(line.endswith("✓") for line in dated)


def test_status_rows_keep_every_phase_title_and_count(learner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = learner("status").output
    flat = " ".join(out.split())
    for title in ("Machine learning from first principles", "LLMOps, cloud and production systems"):
        assert all(word in out.split() for word in title.split())  # wrapped in its column, not cut
    assert "1/5 done · 1 learning · 1 skipped" in flat


def test_piped_output_is_never_cut(learner, monkeypatch):
    """A real process with stdout on a pipe and no COLUMNS: whole topic names, one line per week."""
    monkeypatch.delenv("COLUMNS")
    done = run_aieng("plan", "--weeks")
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout
    weeks = [line for line in done.stdout.splitlines() if line.lstrip().startswith("wk ")]
    assert any(len(line) > 100 for line in weeks)  # laid out for no terminal: nothing wrapped or cut
    assert "Databases: SQL, indexing, transactions and NoSQL" in done.stdout
    shown = run_aieng("plan", "--show").stdout
    assert "…" not in shown and "APIs: HTTP, REST, JSON, authentication and rate limiting" in shown


@pytest.mark.parametrize(
    "command", [["status"], ["plan", "--show"], ["plan", "--weeks"], ["today"], ["topic", "rag"], ["doctor"]]
)
def test_no_color_means_no_escape_codes_even_on_a_colour_terminal(learner, runner, monkeypatch, command):
    from aieng_cli.cli import app

    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:9")  # doctor: refused at once, offline
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich's stand-in for a colour terminal
    coloured = runner.invoke(app, command, color=True)
    assert "\x1b[" in coloured.output  # the check below can fail: styles are there without NO_COLOR
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(app, command, color=True)
    assert plain.exit_code == coloured.exit_code and "\x1b[" not in plain.output, plain.output


def test_piped_output_has_no_escape_codes(learner, monkeypatch):
    monkeypatch.delenv("COLUMNS")
    for command in (["status"], ["plan", "--show"], ["today"]):
        assert "\x1b[" not in run_aieng(*command).stdout


@pytest.mark.parametrize("columns", WIDTHS)
def test_wizard_track_table_is_compact_and_never_cuts_an_id(cli, monkeypatch, columns):
    from aieng_cli.roadmap import load_roadmap

    monkeypatch.setenv("COLUMNS", str(columns))
    result = cli("plan", input="LLM-Mastery\n8\n2027-01-04\n")
    assert result.exit_code == 0, result.output
    table = result.output.split("Track (1-4 or id)")[0]
    assert len(table.strip().splitlines()) <= 8 and _widest(table) <= columns, table
    for number, track in enumerate(load_roadmap(index_only=True).tracks, 1):
        row = next(line for line in table.splitlines() if f" {track.id} " in line)
        assert row.split()[0] == str(number) and track.title in row and row.rstrip().endswith(" h")
    assert default_track() == "llm-mastery"  # ids are typed in any case


def test_wizard_details_shows_every_track_in_full(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = cli("plan", "--details", input="1\n8\n2027-01-04\n").output
    assert "The four tracks" in out and "Outcomes" in out and "For" in out


def default_track() -> str | None:
    from aieng_cli.progress import default_store

    return default_store().load().track


@pytest.mark.parametrize("args", [["-h"], ["plan", "-h"], ["status", "-h"], ["config", "set", "-h"]])
def test_dash_h_is_help_everywhere(cli, args):
    result = cli(*args)
    assert result.exit_code == 0 and "Usage: " in result.output and "--help" in result.output


def test_hours_keeps_its_long_name(cli):
    out = cli("plan", "--track", "aiops", "--hours", "12", "--weeks").output
    assert "12 h/week" in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_real_terminal_of_that_width_without_columns_set(learner, monkeypatch, columns):
    """No COLUMNS: the width comes from the terminal itself (a pseudo-terminal sized like tmux's)."""
    import fcntl
    import os
    import struct
    import subprocess
    import termios

    monkeypatch.delenv("COLUMNS")
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    try:
        for command in (["status"], ["plan", "--show"]):
            child = subprocess.Popen(
                [sys.executable, "-m", "aieng_cli", *command],
                stdout=follower,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "TERM": "xterm"},
            )
            screen, deadline = b"", time.monotonic() + 60
            while child.poll() is None and time.monotonic() < deadline:  # read while it writes
                screen += _drain(leader)
            assert child.wait(timeout=1) == 0
            screen = (screen + _drain(leader)).decode().replace("\r\n", "\n")
            plain = re.sub(r"\x1b\[[0-9;]*m", "", screen)
            assert "\x1b[" in screen  # a terminal: styled
            assert _widest(plain) <= columns and "✓" not in [line.strip() for line in plain.splitlines()]
    finally:
        os.close(follower)
        os.close(leader)


def _drain(fd: int) -> bytes:
    import os
    import select

    seen = b""
    while select.select([fd], [], [], 0.2)[0]:
        seen += os.read(fd, 65536)
    return seen


WORDS = st.lists(st.text("abcdefghij-,.:()✓…", min_size=1, max_size=12), min_size=1, max_size=30)


@given(
    left=WORDS,
    right=st.lists(st.text("0123456789hwk –", min_size=1, max_size=8), max_size=5),
    columns=st.integers(40, 200),
)
def test_row_keeps_every_word_and_fits(left, right, columns):
    """Whatever the titles and widths: every word kept, no line wider than the terminal."""
    from aieng_cli.cli.terminal import row

    left_text, right_text = " ".join(left), " ".join(right)
    lines = row(left_text, right_text, 40, columns, indent=3)
    assert sorted(" ".join(lines).split()) == sorted(left_text.split() + right_text.split())
    assert max(len(line) for line in lines) <= columns


@given(text=WORDS, columns=st.integers(40, 200), label=st.sampled_from(["", "Next:", "Coming up:"]))
def test_wrap_keeps_every_word_and_fits(text, columns, label):
    from aieng_cli.cli.terminal import wrap

    joined = " ".join([label, *text]).strip()
    lines = wrap(joined, columns, "  ")
    assert " ".join(lines).split() == joined.split() and max(len(line) for line in lines) <= columns
    assert wrap(joined, None) == [joined]  # piped: one line, as it is


@given(label=st.text("abcdefghij-", min_size=1, max_size=30), text=WORDS, columns=st.integers(40, 200))
def test_label_row_keeps_the_label_whole_and_fits(label, text, columns):
    from aieng_cli.cli.terminal import label_row

    lines = label_row("  ✗ ", label, " ".join(text), 30, columns)
    assert lines[0].split()[1] == label  # the id a learner types is never cut or wrapped
    assert sorted(" ".join(lines).split()) == sorted(["✗", label, *text])
    assert max(len(line) for line in lines) <= columns
