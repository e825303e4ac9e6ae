"""files.read_regular_file: regular files only, under a cap, never blocking, one-line errors."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from aieng_cli.errors import AiengError, FileMissing, FileReadError
from aieng_cli.files import read_regular_file, read_text_file


def _read(path: Path, max_bytes: int = 1000) -> bytes:
    return read_regular_file(path, max_bytes=max_bytes, what="test file")


def _one_line(exc: pytest.ExceptionInfo[FileReadError], path: Path) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert str(path) in message
    assert isinstance(exc.value, AiengError)
    return message


def test_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    assert _read(path) == b"hello"


def test_exactly_at_the_cap_is_fine_one_over_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 10)
    assert _read(path, max_bytes=10) == b"x" * 10
    path.write_bytes(b"x" * 11)
    with pytest.raises(FileReadError) as exc:
        _read(path, max_bytes=10)
    assert "too large" in _one_line(exc, path)


def test_missing_file_is_its_own_class(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(FileMissing) as exc:
        _read(path)
    assert "not found" in _one_line(exc, path)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileReadError) as exc:
        _read(tmp_path)
    assert "folder" in _one_line(exc, tmp_path)
    assert not isinstance(exc.value, FileMissing)


def test_fifo_without_writer_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result: list[BaseException | bytes] = []
    worker = threading.Thread(target=lambda: result.append(_catch(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert isinstance(result[0], FileReadError)
    assert "FIFO" in str(result[0])


def _catch(path: Path) -> BaseException | bytes:
    try:
        return _read(path)
    except BaseException as exc:  # noqa: BLE001 - handed to the test thread
        return exc


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} absent")
    with pytest.raises(FileReadError) as exc:
        _read(Path(device), max_bytes=1 << 30)
    assert "device" in _one_line(exc, Path(device))


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(FileReadError) as exc:
            _read(path)
        _one_line(exc, path)
    finally:
        server.close()


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret"
    path.write_text("x")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads everything: fail the open the way it fails for a user

        def denied(*args: object) -> int:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("aieng_cli.files.os.open", denied)
    with pytest.raises(FileReadError) as exc:
        _read(path)
    assert "permission denied" in _one_line(exc, path)


def test_symlink_to_regular_file_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("ok")
    link = tmp_path / "l.txt"
    link.symlink_to(target)
    assert _read(link) == b"ok"


def test_symlink_to_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileReadError):
        _read(link)


def test_name_too_long_and_nul_byte(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300)
    with pytest.raises(FileReadError) as exc:
        _read(long)
    _one_line(exc, long)
    with pytest.raises(FileReadError):
        _read(Path(str(tmp_path) + "/a\0b"))


def test_text_decodes_utf8_and_strips_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("\ufeffcafé".encode())
    assert read_text_file(path, max_bytes=100, what="t") == "café"


def test_text_bad_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"ok\nbad \xff here\n")
    with pytest.raises(FileReadError) as exc:
        read_text_file(path, max_bytes=100, what="t")
    message = _one_line(exc, path)
    assert "not UTF-8" in message and "line 2" in message and "0xff" in message


def test_atomic_write_keeps_mode_follows_symlinks_and_leaves_no_temp(tmp_path: Path) -> None:
    from aieng_cli.files import write_file_atomically

    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_file_atomically(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]
