"""An attack pass on the progress store: crashes in the middle of an append, logs that another
process switched away, hostile log files, odd values in the state, newer files."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import date, datetime, timezone
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aieng_cli.progress as progress_module
from aieng_cli.errors import ProgressError
from aieng_cli.progress import LogRef, Progress, ProgressStore, Review, export_to, import_from, reset

SRC = str(Path(__file__).resolve().parents[1] / "src")
NOW = datetime(2027, 1, 4, 9, tzinfo=timezone.utc)


def _review(i: int, topic: str = "rag") -> Review:
    return Review(topic=topic, question=f"q{i}", answer="a" * 40, score=3, rating=3, at=NOW)


def _store(tmp_path: Path, reviews: int = 3, name: str = "progress.json") -> ProgressStore:
    store = ProgressStore(tmp_path / name)
    with store.update() as progress:
        progress.track = f"t{reviews}"
        for i in range(reviews):
            progress.add_review(_review(i))
    return store


def _log(store: ProgressStore) -> Path:
    ref = store.load().log
    assert ref is not None
    return store.log_path(ref)


def _snapshot(store: ProgressStore) -> tuple[str | None, list[str]]:
    progress = store.load()
    return progress.track, [r.question for r in progress.reviews]


def _one_line(exc: BaseException) -> str:
    message = str(exc)
    assert message and "\n" not in message
    return message


# Crash consistency: a kill at every step of a save ----------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: raised instead of the Nth file-system step of a save."""


def _kill_at(monkeypatch, step: int) -> list[str]:
    """Make the `step`-th write/truncate/fsync/rename/unlink fail like a killed process would
    (a write is cut in half first). Returns the log of steps taken."""
    taken: list[str] = []
    real = {name: getattr(os, name) for name in ("write", "ftruncate", "fsync", "replace", "unlink", "rename")}

    def wrap(name):
        def step_fn(*args, **kwargs):
            taken.append(name)
            if len(taken) == step:
                if name == "write" and len(args[1]) > 1:
                    real["write"](args[0], bytes(args[1])[: len(args[1]) // 2])
                raise Killed(name)
            return real[name](*args, **kwargs)

        return step_fn

    for name in real:
        monkeypatch.setattr(os, name, wrap(name))
    return taken


SAVES = {
    "append": lambda store: _append_two(store),
    "import": lambda store: import_from(store, store.path.with_name("export.json")),
    "reset": lambda store: reset(store),
    "repair": lambda store: store.repair(),
}


def _append_two(store: ProgressStore) -> None:
    with store.update() as progress:
        progress.track = "new"
        progress.add_review(_review(100))
        progress.add_review(_review(101))


@pytest.mark.parametrize("action", ["append", "import", "reset", "repair"])
def test_a_kill_at_any_step_of_a_save_leaves_the_old_or_the_new_state_with_its_reviews(tmp_path, monkeypatch, action):
    """Kill at step 1, 2, 3 ... of the save until one completes: every load in between gives
    the old state with the old reviews or the new with the new, and the store keeps working."""
    step = 0
    while True:
        step += 1
        folder = tmp_path / f"kill-{step}"
        folder.mkdir()
        store = _store(folder)
        if action == "import":
            other = _store(folder, reviews=5, name="other.json")
            export_to(other, folder / "export.json")
        if action == "repair":  # a damaged log line 3: repair keeps lines 1-2
            log = _log(store)
            log.write_bytes(log.read_bytes().replace(b'"q2"', b"222", 1))
        old = (store.path.read_bytes(), _log(store).read_bytes())
        before = ("t3", ["q0", "q1", "q2"]) if action != "repair" else None
        taken = _kill_at(monkeypatch, step)
        try:
            SAVES[action](store)
            finished = True
        except Killed:
            finished = False
        monkeypatch.undo()
        after = {
            "append": ("new", ["q0", "q1", "q2", "q100", "q101"]),
            "import": ("t5", ["q0", "q1", "q2", "q3", "q4"]),
            "reset": (None, []),
            "repair": ("t3", ["q0", "q1"]),
        }[action]
        if action == "repair" and store.path.read_bytes() == old[0]:
            # Not committed: the damaged log is still there, whole, and still one line.
            assert _log(store).read_bytes() == old[1]
            with pytest.raises(ProgressError):
                store.check()
        else:
            assert _snapshot(store) in [before, after], f"killed at step {step} ({taken[-1:]})"
        # ...and the next answer lands on top of whichever it is.
        if action != "repair":
            expected = _snapshot(store)
            _append_two(store)
            assert _snapshot(store) == ("new", [*expected[1], "q100", "q101"])
        if finished:
            break
    assert step > 4  # the save really had several steps to be killed at


_APPENDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from pathlib import Path
    from aieng_cli.progress import ProgressStore, Review
    store = ProgressStore(Path(sys.argv[1]))
    print("ready", flush=True)
    while True:
        with store.update() as progress:
            n = int(progress.track[1:]) if progress.track else 0
            progress.add_review(Review(topic="rag", question=f"q{{n}}", answer="x" * 300, score=3, rating=3))
            progress.track = f"t{{n + 1}}"
    """
)


def test_sigkill_while_appending_answers_never_loses_or_mismatches(tmp_path):
    """A real process appending answers, killed at random moments: the state's count of answers
    always matches its log, whatever the moment, and the next process carries on from there."""
    path = tmp_path / "progress.json"
    script = tmp_path / "appender.py"
    script.write_text(_APPENDER.format(src=SRC))
    rng = random.Random(4321)
    counts = []
    for _ in range(25):
        child = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        threading.Event().wait(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        if path.exists():
            progress = ProgressStore(path).load()
            n = int(progress.track[1:]) if progress.track else 0
            assert [r.question for r in progress.reviews] == [f"q{i}" for i in range(n)]
            counts.append(n)
    assert counts == sorted(counts) and counts[-1] > 0  # never went back, and really appended


# Another process switches the log under a reader -------------------------------------------------


@pytest.mark.parametrize("switch", ["reset", "import", "repair", "plain-append"])
def test_a_reader_whose_log_was_switched_meanwhile_gets_the_current_history(tmp_path, switch):
    """`load()` then another process resets, imports or repairs (a new log; the old one is swept)
    before `progress.reviews` is read: the reader gets the history on disk now, not an error that
    tells the learner to repair a file that is fine."""
    store = _store(tmp_path)
    other = _store(tmp_path, reviews=5, name="other.json")
    export_to(other, tmp_path / "export.json")
    stale = store.load()  # the history is not read yet
    if switch == "reset":
        reset(store)
        expected = []
    elif switch == "import":
        import_from(store, tmp_path / "export.json")
        expected = [f"q{i}" for i in range(5)]
    elif switch == "repair":
        log = _log(store)
        log.write_bytes(log.read_bytes().replace(b'"q2"', b"222", 1))
        store.repair()
        expected = ["q0", "q1"]
    else:
        _append_two(store)
        expected = ["q0", "q1", "q2"]  # the same log, appended: the reader's snapshot is a prefix
    assert [r.question for r in stale.reviews] == expected


def test_a_log_deleted_for_real_is_still_one_line(tmp_path):
    store = _store(tmp_path)
    _log(store).unlink()
    with pytest.raises(ProgressError, match="aieng progress repair") as caught:
        store.load().reviews  # noqa: B018
    _one_line(caught.value)


_RECORDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from pathlib import Path
    from aieng_cli.progress import ProgressStore, Review, import_from, reset
    store = ProgressStore(Path(sys.argv[1]))
    role = sys.argv[2]
    if role == "switch":
        for i in range(8):
            reset(store) if i % 2 else import_from(store, Path(sys.argv[3]))
    elif role == "read":
        for i in range(150):
            store.load().reviews
    else:
        for i in range(60):
            with store.update() as progress:
                progress.add_review(Review(topic=role, question=str(i), score=2, rating=2))
    """
)


def test_two_recorders_a_switcher_and_a_reader_at_once(tmp_path):
    """Two processes record answers while a third imports and resets and a fourth reads the
    history without the lock: nobody fails, and each recorder's answers since the last switch
    are all there, in order."""
    store = _store(tmp_path, name="seed.json")
    export_to(store, tmp_path / "export.json")
    path = tmp_path / "progress.json"
    script = tmp_path / "recorder.py"
    script.write_text(_RECORDER.format(src=SRC))
    roles = ["a", "b", "switch", "read"]
    children = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), role, str(tmp_path / "export.json")], stderr=subprocess.PIPE
        )
        for role in roles
    ]
    for role, child in zip(roles, children, strict=True):
        assert child.wait(timeout=120) == 0, (role, child.stderr.read())
        child.stderr.close()
    reviews = ProgressStore(path).check().reviews
    for role in ("a", "b"):
        mine = [int(r.question) for r in reviews if r.topic == role]
        assert mine == list(range(60 - len(mine), 60))  # a contiguous run up to the last answer
    assert all(r.topic in {"a", "b", "rag"} for r in reviews)


# Hostile log files --------------------------------------------------------------------------------


def _hostile(kind: str, log: Path, tmp_path: Path) -> Path | None:
    """Replace the log by something hostile; return a file that must stay untouched, if any."""
    data = log.read_bytes()
    log.unlink()
    if kind == "fifo":
        os.mkfifo(log)
    elif kind == "dev-zero":
        log.symlink_to("/dev/zero")
    elif kind == "folder":
        log.mkdir()
    elif kind == "symlink-to-a-file":
        victim = tmp_path / "victim.txt"
        victim.write_bytes(b"the learner's own notes\n" * 20)
        log.symlink_to(victim)
        return victim
    elif kind == "shorter-than-recorded":
        log.write_bytes(data[:-10])
    elif kind == "nul-bytes":
        log.write_bytes(data[:5] + b"\x00" * 3 + data[8:])
    elif kind == "deep-nesting":
        first, rest = data.split(b"\n", 1)
        log.write_bytes(b'{"topic":"rag","question":' + b"[" * 5000 + b"]" * 5000 + b"}\n" + rest)
    return None


KINDS = ["fifo", "dev-zero", "folder", "symlink-to-a-file", "shorter-than-recorded", "nul-bytes", "deep-nesting"]


def _in_thread(work):
    """Run `work`; a hang is a failure, not a stuck suite (the bound is a guard, not a timing)."""
    box: dict = {}

    def run():
        try:
            box["value"] = work()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "hung"
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_log_is_one_line_everywhere_and_nothing_is_written_through_it(tmp_path, kind):
    store = _store(tmp_path)
    log = _log(store)
    victim = _hostile(kind, log, tmp_path)
    state = store.path.read_bytes()
    victim_bytes = victim.read_bytes() if victim else None
    with pytest.raises(ProgressError) as caught:
        _in_thread(lambda: store.load().reviews)
    _one_line(caught.value)
    # Recording an answer either refuses in one line or keeps every recorded answer readable.
    try:
        _in_thread(lambda: _append_two(store))
    except ProgressError as exc:
        _one_line(exc)
        assert store.path.read_bytes() == state
    if victim is not None:
        assert victim.read_bytes() == victim_bytes  # nothing written through a link
    # repair sets it right and the store works again.
    _in_thread(store.repair)
    _append_two(store)
    assert _snapshot(store)[1][-2:] == ["q100", "q101"]
    if victim is not None:
        assert victim.read_bytes() == victim_bytes


def test_a_log_longer_than_the_cap_is_refused_without_reading_it(tmp_path, monkeypatch):
    store = _store(tmp_path, reviews=20)
    monkeypatch.setattr(progress_module, "MAX_DOCUMENT_BYTES", 200)
    with pytest.raises(ProgressError, match="too large") as caught:
        store.load().reviews  # noqa: B018
    _one_line(caught.value)


@pytest.mark.parametrize(
    "log",
    [
        {"bytes": 10**15},  # far more than the file holds
        {"count": 10**15},
        {"count": 0},  # no reviews, but bytes recorded
        {"bytes": 0},  # reviews, but no bytes
        {"count": -1},
        {"bytes": -5},
        {"count": 10**30},
        {"id": "0123456789abcdef"},  # another log file, that exists
    ],
    ids=[
        "huge-bytes",
        "huge-count",
        "zero-count",
        "zero-bytes",
        "negative-count",
        "negative-bytes",
        "overflow",
        "other",
    ],
)
def test_a_state_whose_log_reference_lies_is_one_line_and_never_written_through(tmp_path, log):
    store = _store(tmp_path)
    real_log = _log(store)
    other = tmp_path / "progress.reviews-0123456789abcdef.jsonl"
    other.write_bytes(real_log.read_bytes()[: real_log.stat().st_size // 2])
    state = json.loads(store.path.read_text())
    state["log"].update(log)
    store.path.write_text(json.dumps(state))
    logs = {p: p.read_bytes() for p in (real_log, other)}
    try:
        reviews = store.load().reviews
    except ProgressError as exc:
        _one_line(exc)
    else:
        assert [r.question for r in reviews] == ["q0", "q1", "q2"]
    try:
        _append_two(store)
    except ProgressError as exc:
        _one_line(exc)
        for path, data in logs.items():
            assert path.read_bytes() == data  # a refused append touches no log
    else:  # taken on top of a damaged log: readable at once, or after repair, never lost
        store.repair()
        assert _snapshot(store)[1][-2:] == ["q100", "q101"]


# The log parser under hypothesis ---------------------------------------------------------------

_LINE = msgspec.json.encode(_review(1))
_pieces = st.sampled_from(
    [_LINE, b"\n", b"\x00", b"{", b"}", b"[" * 300, b'"', b"\xff", b"null", b'{"topic":"rag"}', b" ", b"\r"]
)


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(_pieces | st.binary(max_size=8), max_size=12).map(b"".join),
    count=st.integers(0, 12),
)
def test_fuzz_the_log_parser_returns_count_reviews_or_one_line(data, count):
    def damaged(reason: str) -> ProgressError:
        return ProgressError(f"log: {reason}")

    try:
        reviews = progress_module._parse_log(data, count, damaged)
    except ProgressError as exc:
        _one_line(exc)
    else:
        assert len(reviews) == count and all(isinstance(r, Review) for r in reviews)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=st.lists(_pieces | st.binary(max_size=8), max_size=8).map(b"".join), cut=st.integers(0, 3))
def test_fuzz_a_damaged_log_then_an_answer_then_repair(tmp_path, tail, cut):
    """Whatever is appended to or cut from a log: reading is the reviews or one line, an answer
    is recorded on top or refused in one line, and after repair the store records again."""
    folder = tmp_path / os.urandom(4).hex()
    folder.mkdir()
    store = _store(folder)
    log = _log(store)
    data = log.read_bytes()
    log.write_bytes(data[: len(data) - cut] + tail)
    try:
        assert [r.question for r in store.load().reviews] == ["q0", "q1", "q2"]
    except ProgressError as exc:
        _one_line(exc)
    try:
        _append_two(store)
        assert _snapshot(store)[1] == ["q0", "q1", "q2", "q100", "q101"]
    except ProgressError as exc:
        _one_line(exc)
        store.repair()
        _append_two(store)
        assert _snapshot(store)[1][-2:] == ["q100", "q101"]


# Odd values in the state ------------------------------------------------------------------------


def _state_with(tmp_path: Path, **fields) -> ProgressStore:
    store = ProgressStore(tmp_path / "progress.json")
    store.path.write_text(json.dumps({"schema": 2, **fields}))
    return store


@pytest.mark.parametrize(
    "fields",
    [
        {"cards": {"": {"card": {"card_id": 1, "state": 2, "due": "2027-01-04T09:00:00Z"}}}},
        {"cards": {"x" * 500: {"card": {"card_id": 1, "state": 2, "due": "2027-01-04T09:00:00Z"}}}},
        {"topics": {"": {"status": "done"}}},
        {"practice": {"results": {"": {}}}},
        {"practice": {"results": {"ex": {"attempts": 2**64 - 1}}}},
        {"practice": {"results": {"ex": {"attempts": 2**70}}}},
        {"plans": [{"track": "aiops", "hours_per_week": 5, "started_on": "9999-12-31", "replaced_on": "2027-01-01"}]},
        {"plans": [{"track": "aiops", "hours_per_week": 5, "started_on": "2027-01-01", "replaced_on": "0001-01-01"}]},
        {"cards": {"rag": {"card": {"card_id": 2**70, "state": 2, "due": "2027-01-04T09:00:00Z"}}}},
        {
            "cards": {
                "rag": {"card": {"card_id": 1, "state": 2, "due": "2027-01-04T09:00:00Z"}, "day_ratings": [3] * 5000}
            }
        },
    ],
    ids=[
        "empty-card-key",
        "long-card-key",
        "empty-topic-key",
        "empty-exercise",
        "max-attempts",
        "overflow-attempts",
        "plan-far-future",
        "plan-year-1",
        "huge-card-id",
        "endless-day",
    ],
)
def test_odd_values_in_the_state_are_refused_on_load_or_work_everywhere(tmp_path, fields):
    """Only ProgressError escapes, in one line, with the file untouched; a state that loads can
    take an answer, a practice check and a re-plan, and be exported and imported again."""
    from aieng_cli import plan as planning
    from aieng_cli.tutor import scheduler

    store = _state_with(tmp_path, **fields)
    raw = store.path.read_bytes()
    try:
        store.load()
    except ProgressError as exc:
        _one_line(exc)
        assert store.path.read_bytes() == raw
        return

    def use(progress: Progress) -> None:
        for topic in list(progress.cards):
            progress.cards[topic] = scheduler.record_answer(progress.cards[topic], 3, NOW, NOW.date())
        for exercise in list(progress.practice.results):
            progress.practice.record_check(exercise, "passed", NOW)
        progress.track, progress.hours_per_week = "aiops", 5
        planning.replan(progress, date(2027, 1, 4))

    try:
        store.mutate(use)
    except ProgressError as exc:
        _one_line(exc)
        assert store.path.read_bytes() == raw
        return
    export_to(store, tmp_path / "out.json")
    import_from(ProgressStore(tmp_path / "again" / "progress.json"), tmp_path / "out.json")


def test_a_file_from_a_newer_aieng_says_upgrade_and_repair_leaves_it_alone(tmp_path):
    store = _state_with(tmp_path, schema=3, track="aiops", goals={"daily": 3})
    raw = store.path.read_bytes()
    with pytest.raises(ProgressError) as caught:
        store.load()
    message = _one_line(caught.value)
    assert "newer aieng" in message and "upgrade" in message and "repair" not in message
    with pytest.raises(ProgressError, match="newer aieng"):
        store.repair()  # moving it aside would hide the learner's progress from the newer aieng too
    assert store.path.read_bytes() == raw and sorted(p.name for p in tmp_path.iterdir()) == [
        "progress.json",
        "progress.json.lock",
    ]


def test_unknown_keys_are_one_line_and_the_file_is_kept(tmp_path):
    store = _state_with(tmp_path, track="aiops", goals={"daily": 3})
    raw = store.path.read_bytes()
    with pytest.raises(ProgressError, match="goals") as caught:
        store.mutate(lambda p: p.set_status("rag", "done"))
    assert "newer aieng" in _one_line(caught.value)
    assert store.path.read_bytes() == raw


# Saves that only add answers, and leftovers that belong to someone else --------------------------


def test_mutate_that_only_adds_an_answer_saves_it(tmp_path):
    store = _store(tmp_path)
    store.mutate(lambda p: p.add_review(_review(7)))
    assert _snapshot(store)[1] == ["q0", "q1", "q2", "q7"]


def test_the_sweep_leaves_other_stores_logs_alone(tmp_path):
    """Two stores in one folder (progress.json and progress.work.json): a save of one never
    deletes the other's log."""
    work = _store(tmp_path, reviews=2, name="progress.work.json")
    main = _store(tmp_path, reviews=3)
    _append_two(main)
    assert _snapshot(work)[1] == ["q0", "q1"]


def test_two_links_into_one_synced_folder_keep_their_own_logs(tmp_path):
    """laptop.json and desktop.json in one synced folder, each linked as progress.json from its
    own home: neither's save sweeps the other's log."""
    synced = tmp_path / "Sync"
    synced.mkdir()
    stores = []
    for machine in ("laptop", "desktop"):
        (synced / f"{machine}.json").write_bytes(Progress().to_json())
        home = tmp_path / machine
        home.mkdir()
        (home / "progress.json").symlink_to(synced / f"{machine}.json")
        stores.append(ProgressStore(home / "progress.json"))
    for n, store in enumerate(stores):
        with store.update() as progress:
            progress.add_review(_review(n))
    for n, store in enumerate(stores):
        assert [r.question for r in store.load().reviews] == [f"q{n}"]


def test_two_links_to_one_state_share_one_lock(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "LOCK_TIMEOUT_S", 0.3)
    real = ProgressStore(tmp_path / "Sync" / "progress.json")
    real.path.parent.mkdir()
    real.path.write_bytes(Progress().to_json())
    links = []
    for home in ("a", "b"):
        (tmp_path / home).mkdir()
        (tmp_path / home / "progress.json").symlink_to(real.path)
        links.append(ProgressStore(tmp_path / home / "progress.json"))
    assert links[0].lock_path == links[1].lock_path == real.lock_path
    with progress_module._exclusive_lock(links[0].lock_path, 1):
        with pytest.raises(ProgressError, match="another aieng holds the lock"):
            links[1].mutate(lambda p: p.set_status("rag", "done"))
    assert not (tmp_path / "a" / "progress.json.lock").exists()


def test_a_log_ref_type_is_what_the_state_says(tmp_path):
    """(Guards the fixtures above: LogRef keeps its three fields.)"""
    assert set(LogRef.__struct_fields__) == {"id", "bytes", "count"}


# Nothing is lost when a damaged store is replaced ----------------------------------------------


@pytest.mark.parametrize("action", ["reset", "import"])
def test_reset_or_import_over_a_damaged_log_keeps_a_copy_of_that_log(tmp_path, action):
    store = _store(tmp_path)
    log = _log(store)
    log.write_bytes(log.read_bytes().replace(b'"q1"', b"111", 1))
    damaged_bytes = log.read_bytes()
    export_to(_store(tmp_path / "other", reviews=2), tmp_path / "export.json")
    reset(store) if action == "reset" else import_from(store, tmp_path / "export.json")
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(log.name + ".bak-")]
    assert [p.read_bytes() for p in kept] == [damaged_bytes]  # the old answers can still be recovered


def test_repair_of_a_damaged_state_keeps_the_review_history(tmp_path):
    """A state damaged beyond reading (a flipped byte) is moved aside; its log was fine, and the
    fresh progress starts with every answer in it rather than deleting it on the next save."""
    store = _store(tmp_path)
    log = _log(store)
    raw = store.path.read_bytes().replace(b'"track"', b'"tr\xffck"', 1)
    store.path.write_bytes(raw)
    moved = store.repair()
    assert moved is not None and moved.read_bytes() == raw
    _append_two(store)
    assert _snapshot(store) == ("new", ["q0", "q1", "q2", "q100", "q101"])
    assert [p for p in tmp_path.iterdir() if p.name.startswith(log.name + ".corrupt-")]


def test_repair_of_a_damaged_symlinked_state_keeps_the_link(tmp_path):
    synced = tmp_path / "Sync"
    synced.mkdir()
    real = _store(synced, name="laptop.json")
    link = tmp_path / "progress.json"
    link.symlink_to(real.path)
    store = ProgressStore(link)
    raw = real.path.read_bytes().replace(b'"track"', b'"tr\xffck"', 1)
    real.path.write_bytes(raw)
    moved = store.repair()
    assert moved is not None and moved.parent == synced and moved.read_bytes() == raw
    assert link.is_symlink() and [r.question for r in store.load().reviews] == ["q0", "q1", "q2"]


# Never write what the loader would refuse -------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.practice.record_check("ex-a", "crashed"),  # not an outcome the loader knows
        lambda p: p.set_status("rag", "finished"),  # type: ignore[arg-type]
        lambda p: p.topics.update({"t" * 300: p.topics["rag"]}),
        lambda p: p.add_review(Review(topic="rag", question="x" * 200_000, score=3, rating=3)),
        lambda p: p.add_review(Review(topic="rag", question="q", score=9, rating=3)),
    ],
    ids=["outcome", "status", "long-key", "long-question", "score"],
)
def test_a_change_the_loader_would_refuse_is_not_saved(tmp_path, change):
    store = _store(tmp_path)
    store.mutate(lambda p: p.set_status("rag", "learning"))
    state, log = store.path.read_bytes(), _log(store).read_bytes()
    with pytest.raises(ProgressError, match="not saved") as caught:
        with store.update() as progress:
            change(progress)
    _one_line(caught.value)
    assert store.path.read_bytes() == state
    assert _log(store).read_bytes()[: len(log)] == log
    assert _snapshot(store) == ("t3", ["q0", "q1", "q2"])  # and it still loads whole


# A learner's life, in any order ------------------------------------------------------------------

_OPS = st.lists(
    st.sampled_from(["answer", "answers", "mark", "killed-append", "export-import", "reset", "repair"]),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_fuzz_any_sequence_of_store_operations_keeps_exactly_the_answers_given(tmp_path, ops):
    """Answers, marks, saves killed after their append, export+import, reset, repair, and a
    reader holding a state from before each operation: the history is always exactly the
    answers given since the last reset, in order."""
    folder = tmp_path / os.urandom(4).hex()
    folder.mkdir()
    store = ProgressStore(folder / "progress.json")
    expected: list[str] = []
    for n, op in enumerate(ops):
        stale, before = store.load(), list(expected)  # a reader that loaded just before this op
        if op in ("answer", "answers"):
            new = [f"q{n}"] if op == "answer" else [f"q{n}a", f"q{n}b"]
            with store.update() as progress:
                for q in new:
                    progress.add_review(Review(topic="rag", question=q, score=3, rating=3, at=NOW))
            expected += new
        elif op == "mark":
            store.mutate(lambda p, n=n: p.set_status("rag", "done" if n % 2 else "learning"))
        elif op == "killed-append" and store.load().log is not None:
            with open(_log(store), "ab") as handle:  # a save killed after its append
                handle.write(b'{"topic":"rag","question":"lost","score":3,"rating":3}\n{"topic"')
        elif op == "export-import":
            out = folder / f"export-{n}.json"
            export_to(store, out)
            import_from(store, out)
        elif op == "reset":
            reset(store)
            expected = []
        elif op == "repair":
            assert store.repair() is None  # nothing here is damaged
        assert [r.question for r in store.check().reviews] == expected
        # The earlier reader sees its own snapshot, or (its log switched away) today's history.
        assert [r.question for r in stale.reviews] in (before, expected)


def test_where_hard_links_fail_repair_and_backup_copy_the_log(tmp_path, monkeypatch):
    store = _store(tmp_path)
    log = _log(store)
    log.write_bytes(log.read_bytes().replace(b'"q1"', b"111", 1))
    damaged = log.read_bytes()

    def no_links(*_args, **_kwargs):
        raise NotImplementedError("follow_symlinks unavailable on this platform")

    monkeypatch.setattr(os, "link", no_links)
    moved = store.repair()
    assert moved is not None and moved.read_bytes() == damaged
    assert _snapshot(store)[1] == ["q0", "q2"]
