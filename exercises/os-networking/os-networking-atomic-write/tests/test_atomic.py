import os

import pytest
from atomic import atomic_write


def test_writes_a_new_file(tmp_path):
    target = tmp_path / "state.json"
    atomic_write(target, b'{"ok": true}')
    assert target.read_bytes() == b'{"ok": true}'
    assert os.listdir(tmp_path) == ["state.json"]


def test_replaces_an_existing_file(tmp_path):
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"


def test_fsync_is_called_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_replace = os.replace

    def replace(src, dst):
        events.append(("replace", os.path.dirname(os.fspath(src))))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    atomic_write(tmp_path / "f", b"x", fsync=lambda fd: events.append(("fsync", fd)))
    assert [name for name, _ in events] == ["fsync", "replace"]
    assert events[1][1] == str(tmp_path)  # the temp file lived next to the target


def test_a_failing_disk_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "state.json"
    target.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"new", fsync=broken_fsync)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["state.json"]


def test_empty_data(tmp_path):
    target = tmp_path / "empty"
    atomic_write(target, b"")
    assert target.read_bytes() == b""
