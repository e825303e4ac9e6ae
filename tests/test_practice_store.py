"""Practice results in the progress store: atomic, locked, tolerant of nothing it did not write."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from aieng_cli.errors import AiengError
from aieng_cli.practice_store import PracticeStore, default_practice_store

RECORD = """
import sys
from aieng_cli.practice_store import default_practice_store
store = default_practice_store()
for _ in range(int(sys.argv[1])):
    store.mutate(lambda p: p.record_check("ex-a", "failed"))
"""


def test_two_processes_lose_no_attempt(aieng_home):
    env = {**os.environ, "AIENG_HOME": str(aieng_home)}
    runs = [subprocess.Popen([sys.executable, "-c", RECORD, "15"], env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    assert default_practice_store().load().results["ex-a"].attempts == 30


def test_first_pass_time_is_kept_and_unchanged_state_is_not_rewritten():
    store = default_practice_store()
    first = store.mutate(lambda p: p.record_check("ex-a", "passed")).results["ex-a"].passed_at
    store.mutate(lambda p: p.record_check("ex-a", "failed"))
    again = store.mutate(lambda p: p.record_check("ex-a", "passed")).results["ex-a"]
    assert again.passed_at == first and again.attempts == 3 and again.last == "passed"
    before = store.path.stat().st_mtime_ns
    store.mutate(lambda p: setattr(p, "folder", p.folder))
    assert store.path.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"schema": 2, "practice": {"results": {"x": {"attempts": "many"}}}}',
        b'{"schema": 2, "practice": {"results": {"x": {"attempts": -1}}}}',
        b"\xff\xfe",
    ],
)
def test_unreadable_file_is_one_line_and_left_untouched(tmp_path, content):
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    store = PracticeStore(path)
    with pytest.raises(AiengError) as caught:
        store.mutate(lambda p: p.record_check("ex-a", "failed"))
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_a_folder_in_the_way_is_one_line(tmp_path):
    (tmp_path / "progress.json").mkdir()
    with pytest.raises(AiengError):
        PracticeStore(tmp_path / "progress.json").load()


def test_results_travel_with_an_export(tmp_path):
    from aieng_cli.progress import ProgressStore, export_to, import_from

    default_practice_store().mutate(lambda p: p.record_check("ex-a", "passed"))
    export_to(default_practice_store().store, tmp_path / "backup.json")
    elsewhere = ProgressStore(tmp_path / "other" / "progress.json")
    import_from(elsewhere, tmp_path / "backup.json")
    assert PracticeStore(elsewhere).load().passed() == {"ex-a"}
