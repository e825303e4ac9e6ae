"""`aieng progress …` and how every command behaves around a damaged or unwritable file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from aieng_cli.progress import Review, default_store

from .conftest import MINI_ROADMAP, run_aieng


@pytest.fixture(autouse=True)
def _mini(mini):
    return mini


def test_export_import_round_trip(cli, tmp_path):
    cli("plan", "--track", "builder", "--hours", "5")
    cli("mark", "python", "done")
    target = tmp_path / "out" / "backup.json"
    assert cli("progress", "export", str(target)).exit_code == 0
    assert json.loads(target.read_text())["track"] == "builder"
    again = cli("progress", "export", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr

    cli("mark", "python", "todo")
    result = cli("progress", "import", str(target))
    assert result.exit_code == 0 and "previous progress kept in" in result.stdout
    assert default_store().load().status("python") == "done"
    backups = list(default_store().path.parent.glob("progress.json.bak-*"))
    assert len(backups) == 1 and json.loads(backups[0].read_text())["topics"]["python"]["status"] == "todo"


def test_import_rejects_invalid_file_and_keeps_progress(cli, tmp_path):
    cli("mark", "python", "done")
    before = default_store().path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": 1, "topics": {"python": {"status": "mastered"}}}')
    result = cli("progress", "import", str(bad))
    assert result.exit_code == 1 and str(bad) in result.stderr
    assert "not changed" in result.stderr and "repair" not in result.stderr  # repair is for your own file
    missing = cli("progress", "import", str(tmp_path / "nope.json"))
    assert missing.exit_code == 1 and "not found" in missing.stderr
    assert default_store().path.read_bytes() == before


def test_reset_asks_and_keeps_backup(cli):
    cli("mark", "python", "done")
    declined = cli("progress", "reset", input="n\n")
    assert declined.exit_code == 1 and default_store().load().status("python") == "done"
    result = cli("progress", "reset", input="y\n")
    assert result.exit_code == 0 and "backup in" in result.stdout
    assert default_store().load().status("python") == "todo"
    assert cli("progress", "reset", "--yes").exit_code == 0


def test_damaged_file_every_command_one_line_then_repair(cli):
    path = default_store().path
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"schema": 1, "track": "buil')
    for args in (["status"], ["mark", "python", "done"], ["plan", "--track", "builder"], ["topic", "python"]):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert str(path) in result.stderr and "aieng progress repair" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == b'{"schema": 1, "track": "buil'
    result = cli("progress", "repair")
    assert result.exit_code == 0 and "Moved the unreadable progress file" in result.stdout
    assert "starting fresh, with the 0 reviews its log still had" in " ".join(result.stdout.split())
    assert cli("mark", "python", "done").exit_code == 0
    assert "healthy" in cli("progress", "repair").stdout


def test_unwritable_home_in_a_real_process_has_no_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    env = {"AIENG_HOME": str(blocker / "home"), "AIENG_ROADMAP": str(MINI_ROADMAP)}
    done = run_aieng("mark", "python", "done", env=env)
    assert done.returncode == 1
    assert "cannot write progress there" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_progress_path(cli):
    assert cli("progress", "path").stdout.strip() == str(default_store().path)


def _can_mount_private_tmpfs(tmp_path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o ro tmpfs {probe}"], capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(os.name != "posix" or shutil.which("unshare") is None, reason="needs util-linux unshare")
def test_read_only_folder_in_a_real_process_is_one_line(tmp_path):
    """A truly read-only AIENG_HOME (a read-only tmpfs in a private mount namespace, which even
    root cannot write): the command fails in one line and nothing else happens."""
    if os.geteuid() != 0 or not _can_mount_private_tmpfs(tmp_path):
        pytest.skip("mounting a read-only tmpfs needs root and mount namespaces")
    home = tmp_path / "ro-home"
    home.mkdir()
    command = (
        f"mount -t tmpfs -o ro tmpfs {home} && "
        f"AIENG_HOME={home} AIENG_ROADMAP={MINI_ROADMAP} {sys.executable} -m aieng_cli mark python done"
    )
    done = subprocess.run(["unshare", "-m", "sh", "-c", command], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "cannot write progress there (Read-only file system)" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def _state_with_reviews(count: int):
    store = default_store()
    with store.update() as progress:
        progress.track = "builder"
        for i in range(count):
            progress.add_review(Review(topic="python", question=f"q{i}", answer="an answer", score=3, rating=3))
    return store, store.log_path(store.load().log)


def test_repair_of_a_damaged_log_says_what_it_kept(cli):
    store, log = _state_with_reviews(3)
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:2]) + b"{not json" + b" " * (len(lines[2]) - 9))
    result = cli("progress", "repair")
    text = " ".join(result.stdout.split())  # wrapped to the terminal's width
    assert result.exit_code == 0 and "Moved the damaged review log to " in text
    assert "kept your plan, statuses and the 2 reviews before the damage" in text
    moved = text.split("log to ")[1].split(";")[0]
    assert os.path.exists(moved) and store.load().track == "builder"


def test_repair_of_a_missing_log_does_not_claim_to_have_moved_it(cli):
    store, log = _state_with_reviews(2)
    log.unlink()
    result = cli("progress", "repair")
    assert result.exit_code == 0 and "Moved" not in result.stdout
    assert "The review log was missing: kept your plan and statuses" in " ".join(result.stdout.split())
    assert store.load().track == "builder" and store.load().reviews == []
