"""Settings: a bad config file is one line and stays untouched; `config set` backs up and writes atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aieng_cli.errors import ConfigError
from aieng_cli.paths import config_file
from aieng_cli.settings import MAX_CONFIG_BYTES, Settings, load_settings, set_value


def _one_line_error(cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _bad_configs(path: Path):
    """(name, make) pairs: each makes `path` into a config no one can read."""
    return {
        "not-utf8": lambda: path.write_bytes(b'{"model": "\xff\xfe"}'),
        "not-json": lambda: path.write_text("{model"),
        "wrong-type": lambda: path.write_text('{"timeout": "soon"}'),
        "unknown-key": lambda: path.write_text('{"colour": "red"}'),
        "deep": lambda: path.write_text("[" * 100_000),
        "oversized": lambda: path.write_bytes(b" " * (MAX_CONFIG_BYTES + 1) + b"{}"),
        "folder": lambda: path.mkdir(),
        "fifo": lambda: os.mkfifo(path),
        "device": lambda: path.symlink_to("/dev/zero"),
        "control-chars": lambda: path.write_text(json.dumps({"model": "a\x1b[2Jb"})),
        "newline-theme": lambda: path.write_text(json.dumps({"theme": "nord\n"})),
    }


@pytest.mark.parametrize("kind", list(_bad_configs(Path("x"))))
def test_bad_config_is_one_line_for_get_and_set_and_stays_untouched(cli, kind):
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    _bad_configs(path)[kind]()
    before = _snapshot(path)
    for args in (("config", "get"), ("config", "set", "model", "qwen2.5:7b")):
        assert str(path) in _one_line_error(cli, *args)
    assert _snapshot(path) == before
    assert not path.with_name("config.json.bak").exists()


def _snapshot(path: Path) -> tuple:
    if path.is_symlink():
        return ("link", os.readlink(path))
    if path.is_dir():
        return ("dir", sorted(os.listdir(path)))
    if not path.is_file():
        return ("other", path.stat().st_mode)
    return ("file", path.read_bytes(), path.stat().st_mode)


def test_unreadable_config_is_not_discarded(cli, monkeypatch):
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"model": "mine"}')
    path.chmod(0)
    if os.geteuid() == 0:  # root reads everything: make the open fail as it would for a user
        real_open = os.open
        monkeypatch.setattr(
            "aieng_cli.files.os.open",
            lambda p, *a: _raise(PermissionError(13, "Permission denied")) if Path(p) == path else real_open(p, *a),
        )
    line = _one_line_error(cli, "config", "set", "model", "other")
    assert "permission denied" in line
    path.chmod(0o600)
    assert json.loads(path.read_text()) == {"model": "mine"}


def _raise(exc: BaseException):
    raise exc


def test_set_backs_up_the_previous_file_and_keeps_its_mode(cli):
    path = config_file()
    assert cli("config", "set", "model", "first").exit_code == 0
    assert not path.with_name("config.json.bak").exists()  # nothing to back up the first time
    path.chmod(0o640)
    before = path.read_bytes()
    assert cli("config", "set", "model", "second").exit_code == 0
    assert path.with_name("config.json.bak").read_bytes() == before
    assert json.loads(path.read_text())["model"] == "second"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_backup_that_cannot_be_written_stops_the_change(cli):
    path = config_file()
    cli("config", "set", "model", "kept")
    path.with_name("config.json.bak").mkdir()
    line = _one_line_error(cli, "config", "set", "model", "lost")
    assert "config.json.bak: cannot back up the settings" in line and "nothing was changed" in line
    assert json.loads(path.read_text())["model"] == "kept"


def test_set_writes_through_a_symlinked_config(cli, tmp_path):
    real = tmp_path / "synced" / "aieng.json"
    real.parent.mkdir()
    real.write_text('{"model": "a"}')
    path = config_file()
    path.parent.mkdir(parents=True)
    path.symlink_to(real)
    assert cli("config", "set", "model", "b").exit_code == 0
    assert path.is_symlink()
    assert json.loads(real.read_text())["model"] == "b"


def test_full_disk_is_one_line_and_keeps_the_old_file(cli, monkeypatch):
    path = config_file()
    cli("config", "set", "model", "kept")
    monkeypatch.setattr("aieng_cli.files.os.replace", lambda *a: _raise(OSError(28, "No space left on device")))
    line = _one_line_error(cli, "config", "set", "model", "lost")
    assert "(No space left on device)" in line
    assert json.loads(path.read_text())["model"] == "kept"
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("model", "llama\n"),
        ("model", "a b"),
        ("model", "[red]x[/red]"),
        ("model", ""),
        ("model", "x" * 201),
        ("theme", "nord\n"),
        ("host", "a b"),
        ("host", "ftp://x"),
        ("host", "\x00"),
        ("timeout", "nan"),
        ("timeout", "inf"),
        ("timeout", "-1"),
        ("timeout", "1e309"),
        ("health_timeout", "61"),
        ("model", "\udcff"),  # an undecodable command-line byte
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(key, value):
    with pytest.raises(ConfigError) as exc:
        set_value(key, value)
    assert "\n" not in str(exc.value)
    assert not config_file().exists()


def test_good_values_round_trip():
    for key, value in [("model", "hf.co/user/model:Q4_K_M"), ("theme", "catppuccin-mocha"), ("timeout", "2.5")]:
        set_value(key, value)
    settings = load_settings()
    assert (settings.model, settings.theme, settings.timeout) == ("hf.co/user/model:Q4_K_M", "catppuccin-mocha", 2.5)


def test_bad_ollama_host_variable_is_one_line(monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", "a b")
    with pytest.raises(ConfigError):
        load_settings()


def test_missing_config_gives_defaults():
    assert load_settings() == Settings()
