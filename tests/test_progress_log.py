"""The progress store's second round: the review log, whole-file validation, hostile files,
symlinks, leftovers of killed saves, and the migration from the single-file format."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aieng_cli.progress as progress_module
from aieng_cli.errors import AiengError, ProgressError
from aieng_cli.progress import Progress, ProgressStore, Review, export_to, import_from, reset
from aieng_cli.roadmap import load_roadmap
from aieng_cli.tutor import scheduler

from .conftest import FIXTURES

V1 = FIXTURES / "progress-v1.json"
NOW = datetime(2027, 1, 4, 9, tzinfo=timezone.utc)


def _review(i: int, topic: str = "rag") -> Review:
    return Review(topic=topic, question=f"q{i}", answer="a" * 50, score=3, rating=3, at=NOW)


def _store_with(tmp_path: Path, reviews: int = 3) -> ProgressStore:
    store = ProgressStore(tmp_path / "progress.json")
    with store.update() as progress:
        progress.track = "ai-developer"
        progress.set_status("rag", "learning")
        progress.cards["rag"] = scheduler.record_answer(None, 3, NOW, NOW.date())
        progress.reviews.extend(_review(i) for i in range(reviews))
    return store


def _log(store: ProgressStore) -> Path:
    ref = store.load().log
    assert ref is not None
    return store.log_path(ref)


# The log ---------------------------------------------------------------------------------------


def test_answers_append_to_the_log_and_statuses_never_read_it(tmp_path, monkeypatch):
    store = _store_with(tmp_path)
    log = _log(store)
    assert log.read_bytes().count(b"\n") == 3
    with store.update() as progress:
        progress.reviews.append(_review(3))
    assert log.read_bytes().count(b"\n") == 4 and _log(store) == log  # appended in place

    def no_log(*_args):
        raise AssertionError("the log was read")

    monkeypatch.setattr(ProgressStore, "_read_log", no_log)
    store.mutate(lambda p: p.set_status("rag", "done"))  # a status change never reads the log
    assert store.load().status("rag") == "done"
    monkeypatch.undo()
    assert [r.question for r in store.load().reviews] == ["q0", "q1", "q2", "q3"]


def test_an_uncommitted_tail_is_ignored_then_cut_off(tmp_path):
    store = _store_with(tmp_path)
    log = _log(store)
    with open(log, "ab") as handle:  # a save killed after appending, before committing the state
        handle.write(b'{"topic":"rag","question":"half')
    assert len(store.load().reviews) == 3
    with store.update() as progress:
        progress.reviews.append(_review(9))
    assert [r.question for r in store.load().reviews] == ["q0", "q1", "q2", "q9"]
    assert log.read_bytes().count(b"\n") == 4 and log.read_bytes().endswith(b"\n")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.replace(b'"score":3', b'"score":9', 1),
        lambda data: data[:10] + data[11:],
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b"\n", b"\n\n", 1),
    ],
    ids=["bad-value", "byte-lost", "shortened", "extra-line"],
)
def test_a_damaged_log_is_one_line_and_repair_keeps_every_valid_line(tmp_path, damage):
    store = _store_with(tmp_path)
    log = _log(store)
    original = log.read_bytes()
    log.write_bytes(damage(original))
    with pytest.raises(ProgressError) as info:
        store.load().reviews  # noqa: B018
    assert str(log) in str(info.value) and "aieng progress repair" in str(info.value)
    assert "\n" not in str(info.value)
    store.mutate(lambda p: p.set_status("rag", "done"))  # statuses still work meanwhile
    moved = store.repair()
    assert moved is not None and moved.read_bytes() == damage(original)
    kept = [r.question for r in store.check().reviews]
    # Every whole, valid line is kept, in order; only the damaged one is lost.
    assert kept and kept == [q for q in ("q0", "q1", "q2") if q in kept]
    assert store.load().status("rag") == "done" and store.repair() is None


# Whole-file validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        {"track": "llm-mastery", "cards": {"rag": {}}},
        {"cards": {"rag": {"card": {"card_id": 1, "state": 2, "due": "2027-01-0"}}}},
        {"cards": {"rag": {"card": {"card_id": 1, "state": 2, "due": "2027-01-04T09:00:00"}}}},  # no zone
        {"cards": {"rag": {"card": {"card_id": 1, "state": 7, "due": "2027-01-04T09:00:00Z"}}}},
        {"cards": {"rag": {"card": {"card_id": 1, "state": 2, "stability": -1, "due": "2027-01-04T09:00:00Z"}}}},
        {"schema": 0},
        {"schema": -3},
        {"schema": False},
        {"schema": "1"},
        {"started_on": "9999-12-31"},
        {"hours_per_week": 0},
        {"log": {"id": "../../etc", "bytes": 1, "count": 1}},
        {"reviews": [], "log": {"id": "abcdef0123", "bytes": 0, "count": 0}},
    ],
)
def test_damage_anywhere_is_caught_on_load_by_import_and_by_repair(tmp_path, content):
    raw = json.dumps({"schema": 2, **content}).encode()
    store = ProgressStore(tmp_path / "progress.json")
    store.path.write_bytes(raw)
    with pytest.raises(ProgressError, match="aieng progress repair"):
        store.load()
    other = ProgressStore(tmp_path / "mine" / "progress.json")
    with pytest.raises(ProgressError, match="not changed"):
        import_from(other, store.path)
    assert not other.path.exists()
    moved = store.repair()
    assert moved is not None and moved.read_bytes() == raw


def test_deep_nesting_is_one_line(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.path.write_bytes(b'{"topics":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    with pytest.raises(ProgressError, match="nested too deeply"):
        store.load()


@pytest.mark.parametrize("kind", ["fifo", "folder", "dev-zero"])
def test_a_progress_file_that_is_not_a_file_is_one_line(tmp_path, kind):
    path = tmp_path / "progress.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    store = ProgressStore(path)
    with pytest.raises(ProgressError, match="left as it is"):
        store.load()
    with pytest.raises(ProgressError):
        import_from(ProgressStore(tmp_path / "other.json"), path)


def test_import_of_a_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "MAX_DOCUMENT_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2000)
    with pytest.raises(ProgressError, match="too large"):
        import_from(ProgressStore(tmp_path / "progress.json"), big)


# Fuzz: damaged state files ---------------------------------------------------------------------

_VALID = None


def _valid_state() -> bytes:
    global _VALID
    if _VALID is None:
        progress = Progress(track="ai-developer", hours_per_week=8, started_on=NOW.date())
        progress.set_status("rag", "learning")
        progress.cards["rag"] = scheduler.record_answer(None, 2, NOW, NOW.date())
        progress.cards["embeddings"] = scheduler.record_answer(progress.cards.get("embeddings"), 3, NOW, NOW.date())
        progress.log = progress_module.LogRef(id="0123456789abcdef")
        _VALID = progress.to_json()
    return _VALID


@st.composite
def damaged(draw) -> bytes:
    data = bytearray(_valid_state())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=6) | st.sampled_from([b"0", b"-", b"null", b"{}", b'"', b"9"]))
        if action == "delete":
            del data[at : at + len(chunk)]
        elif action == "insert":
            data[at:at] = chunk
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=damaged())
def test_fuzz_a_damaged_state_either_loads_whole_or_is_one_line(tmp_path, raw):
    """Whatever the damage, only ProgressError escapes, and a state that loads works everywhere."""
    roadmap = _roadmap()
    path = tmp_path / "fuzz-progress.json"
    path.write_bytes(raw)
    store = ProgressStore(path)
    try:
        progress = store.load()
    except ProgressError as exc:
        assert "\n" not in str(exc)
        assert path.read_bytes() == raw
        return
    # It validated: every reader of the state must work on it, or say in one line why not
    # (e.g. a track name the roadmap does not know).
    from aieng_cli.overview import overview

    progress.__dict__["_reviews"] = []  # the log is another file; this test is about the state
    try:
        scheduler.due_topics(roadmap, progress, NOW)
        scheduler.quiz_queue(roadmap, progress, NOW, 5, include_new=True)
        for topic in progress.cards:
            scheduler.record_answer(progress.cards[topic], 3, NOW, NOW.date())
        overview(roadmap, progress, now=NOW, zone=timezone.utc)
    except AiengError as exc:
        assert "\n" not in str(exc)


_ROADMAP = None


def _roadmap():
    global _ROADMAP
    if _ROADMAP is None:
        _ROADMAP = load_roadmap()
    return _ROADMAP


# Symlinks and leftovers ------------------------------------------------------------------------


def test_a_symlinked_progress_file_is_written_through_and_keeps_its_mode(tmp_path):
    synced = tmp_path / "Sync"
    synced.mkdir()
    target = synced / "aieng-progress.json"
    target.write_bytes(Progress(track="aiops").to_json())
    target.chmod(0o644)
    home = tmp_path / "home"
    home.mkdir()
    link = home / "progress.json"
    link.symlink_to(target)
    store = ProgressStore(link)
    with store.update() as progress:
        progress.set_status("rag", "done")
        progress.reviews.append(_review(1))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert json.loads(target.read_text())["topics"]["rag"]["status"] == "done"
    assert store.log_path(store.load().log).parent == synced  # the log travels with the file
    assert [r.question for r in store.load().reviews] == ["q1"]


def test_leftovers_of_killed_saves_are_swept_on_the_next_save(tmp_path):
    store = _store_with(tmp_path)
    stale_tmp = tmp_path / ".progress.json.abc123.tmp"
    stale_tmp.write_bytes(b"half a save")
    orphan_log = tmp_path / "progress.reviews-00000000deadbeef.jsonl"
    orphan_log.write_bytes(b"")
    keep = [tmp_path / "progress.json.bak-20270101", tmp_path / "notes.txt"]
    for path in keep:
        path.write_text("mine")
    store.mutate(lambda p: p.set_status("rag", "done"))
    assert not stale_tmp.exists() and not orphan_log.exists()
    assert all(path.exists() for path in keep) and _log(store).exists()


# Migration from the single-file format --------------------------------------------------------


def test_a_file_written_by_the_previous_release_migrates(tmp_path):
    path = tmp_path / "progress.json"
    shutil.copy(V1, path)
    before = path.read_bytes()
    store = ProgressStore(path)
    old = json.loads(before)
    progress = store.load()
    assert path.read_bytes() == before  # reading never writes
    assert progress.track == old["track"] and progress.started_on.isoformat() == old["started_on"]
    assert progress.cards["rag"].card.due.isoformat() == old["cards"]["rag"]["due"]
    assert [r.question for r in progress.reviews] == [r["question"] for r in old["reviews"]]
    assert progress.projects[0].path == old["projects"][0]["path"]
    store.mutate(lambda p: p.set_status("embeddings", "done"))
    saved = json.loads(path.read_text())
    assert saved["schema"] == 2 and "reviews" not in saved
    again = store.load()
    assert [r.answer for r in again.reviews] == [r["answer"] for r in old["reviews"]]
    assert again.status("rag") == "learning" and again.status("embeddings") == "done"
    # And the next answer on a migrated card is scheduled from it.
    record = scheduler.record_answer(again.cards["rag"], 3, NOW, NOW.date())
    assert record.base == again.cards["rag"].card


def test_export_import_round_trip_keeps_every_review(tmp_path):
    store = _store_with(tmp_path, reviews=5)
    out = tmp_path / "backup.json"
    export_to(store, out)
    document = json.loads(out.read_text())
    assert len(document["reviews"]) == 5 and "log" not in document
    fresh = ProgressStore(tmp_path / "elsewhere" / "progress.json")
    assert import_from(fresh, out) is None
    assert [r.question for r in fresh.load().reviews] == [f"q{i}" for i in range(5)]
    assert import_from(fresh, V1) is not None  # an old single-file progress imports too
    assert len(fresh.load().reviews) == 3


def test_export_to_an_overlong_name_is_one_line(tmp_path):
    store = _store_with(tmp_path)
    with pytest.raises(ProgressError, match="cannot write"):
        export_to(store, tmp_path / ("x" * 300 + ".json"))


@pytest.mark.parametrize("action", ["reset", "import"])
def test_a_full_disk_during_reset_or_import_is_one_line_and_keeps_progress(tmp_path, monkeypatch, action):
    store = _store_with(tmp_path)
    out = tmp_path / "backup.json"
    export_to(store, out)
    before = store.path.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(progress_module, "write_file_atomically", full)
    with pytest.raises(ProgressError, match="No space left"):
        reset(store) if action == "reset" else import_from(store, out)
    monkeypatch.undo()
    assert store.path.read_bytes() == before and len(store.load().reviews) == 3
