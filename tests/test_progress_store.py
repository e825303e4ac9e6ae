"""The progress file: atomic, locked, tolerant of damage, never loses data."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from aieng_cli.errors import ProgressError
from aieng_cli.progress import Progress, ProgressStore, Review

SRC = os.path.join(os.path.dirname(os.path.dirname(__file__)), "src")


def _review(i: int, topic: str = "rag") -> Review:
    return Review(topic=topic, question=f"q{i}", answer="a" * 50, score=3, rating=3)


def test_missing_file_loads_fresh_and_save_round_trips(tmp_path):
    store = ProgressStore(tmp_path / "p" / "progress.json")
    assert store.load() == Progress()
    with store.update() as progress:
        progress.track = "ai-developer"
        progress.set_status("rag", "learning")
        progress.reviews.append(_review(1))
    again = store.load()
    assert again.track == "ai-developer" and again.status("rag") == "learning"
    assert json.loads(store.path.read_text())["schema"] == 2
    assert [r.question for r in again.reviews] == ["q1"]
    assert not [p for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_failed_block_saves_nothing(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.save(Progress(track="aiops"))
    with pytest.raises(RuntimeError):
        with store.update() as progress:
            progress.track = "llm-mastery"
            raise RuntimeError("boom")
    assert store.load().track == "aiops"


@pytest.mark.parametrize(
    "content",
    [
        b'{"schema": 1, "track": "ai-dev',
        b"\x00\x17garbage\xff",
        b"[1, 2, 3]",
        b'{"schema": 1, "reviews": "nope"}',
        b'{"schema": 99}',
        b"",
    ],
    ids=["truncated", "binary", "not-object", "wrong-type", "future-schema", "empty"],
)
def test_damaged_file_is_reported_and_left_untouched(tmp_path, content):
    store = ProgressStore(tmp_path / "progress.json")
    store.path.write_bytes(content)
    with pytest.raises(ProgressError) as info:
        store.load()
    message = str(info.value)
    advice = "upgrade aieng" if content.startswith(b'{"schema": 99') else "aieng progress repair"
    assert str(store.path) in message and advice in message and "\n" not in message
    with pytest.raises(ProgressError):
        with store.update():
            pass
    assert store.path.read_bytes() == content


def test_repair_moves_damaged_file_aside(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.path.write_bytes(b"{broken")
    moved = store.repair()
    assert moved is not None and moved.read_bytes() == b"{broken" and ".corrupt-" in moved.name
    assert store.load() == Progress()
    store.save(Progress(track="aiops"))
    assert store.repair() is None and store.load().track == "aiops"


_SAVER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from pathlib import Path
    from aieng_cli.progress import Progress, ProgressStore, Review
    store = ProgressStore(Path(sys.argv[1]))
    states = [Progress(track="old"), Progress(track="new")]
    states[0].reviews.extend([Review(topic="rag", question="q" * 200, score=1, rating=2)] * 2000)
    states[1].reviews.extend([Review(topic="llm", question="w" * 200, score=4, rating=4)] * 3000)
    print("ready", flush=True)
    i = 0
    while True:
        store.save(states[i % 2])
        i += 1
    """
)


def test_sigkill_while_saving_never_corrupts(tmp_path):
    """Kill a saver at random moments 100 times: the file always holds a complete old or new state."""
    path = tmp_path / "progress.json"
    script = tmp_path / "saver.py"
    script.write_text(_SAVER.format(src=SRC))
    rng = random.Random(1234)
    seen = set()
    for _ in range(100):
        child = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.1))  # a save takes ~5 ms here: kills land before, during and between saves
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        if path.exists():
            progress = ProgressStore(path).load()
            assert (progress.track, len(progress.reviews)) in {("old", 2000), ("new", 3000)}
            seen.add(progress.track)
    assert seen == {"old", "new"}  # the kills really landed between and during saves


_RECORDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from pathlib import Path
    from aieng_cli.progress import ProgressStore, Review
    store = ProgressStore(Path(sys.argv[1]))
    for i in range(200):
        with store.update() as progress:
            progress.reviews.append(Review(topic=sys.argv[2], question=str(i), score=2, rating=2))
    """
)


def test_two_processes_recording_at_once_lose_nothing(tmp_path):
    path = tmp_path / "progress.json"
    script = tmp_path / "recorder.py"
    script.write_text(_RECORDER.format(src=SRC))
    children = [subprocess.Popen([sys.executable, str(script), str(path), name]) for name in ("a", "b")]
    assert [c.wait(timeout=300) for c in children] == [0, 0]
    reviews = ProgressStore(path).load().reviews
    assert len(reviews) == 400
    for name in ("a", "b"):
        assert sorted(int(r.question) for r in reviews if r.topic == name) == list(range(200))


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = ProgressStore(blocker / "sub" / "progress.json")
    with pytest.raises(ProgressError, match="cannot write progress there"):
        store.save(Progress())


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ProgressError, match="cannot write progress there"):
            ProgressStore(folder / "progress.json").save(Progress())
    finally:
        folder.chmod(0o700)


def test_mutate_saves_changes_and_skips_no_op_writes(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.mutate(lambda p: p.set_status("rag", "done"))
    first = store.path.stat().st_mtime_ns
    assert store.load().status("rag") == "done"
    time.sleep(0.01)
    store.mutate(lambda p: None)  # nothing changes: no write
    assert store.path.stat().st_mtime_ns == first
    store.mutate(lambda p: p.set_status("rag", "learning"))
    assert store.load().status("rag") == "learning"


def test_lock_held_too_long_is_a_clear_error(tmp_path, monkeypatch):
    import aieng_cli.progress as progress_module

    store = ProgressStore(tmp_path / "progress.json")
    monkeypatch.setattr(progress_module, "LOCK_TIMEOUT_S", 0.2)
    with progress_module._exclusive_lock(store.lock_path, 1):
        with pytest.raises(ProgressError, match="another aieng holds the lock"):
            store.save(Progress(track="aiops"))
    store.save(Progress(track="aiops"))  # released: works again
    assert store.load().track == "aiops"
