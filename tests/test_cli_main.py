"""The console script's last line of defence: unexpected errors, Ctrl+C, and what must pass through."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from aieng_cli.cli.app import CRASH_EXIT_CODE, main
from aieng_cli.errors import ConfigError


def _run_main(monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["aieng", *argv])
    with pytest.raises(SystemExit) as exit_:
        main()
    code = exit_.value.code
    return (0 if code is None else code), capsys.readouterr().err


def _boom(exc: BaseException):
    def raiser(*args, **kwargs):
        raise exc

    return raiser


def test_unexpected_error_is_one_line_and_a_crash_log(monkeypatch, capsys, aieng_home):
    monkeypatch.setattr("aieng_cli.paths.config_file", _boom(RuntimeError("boom\nsecond line \x1b[2J")))
    code, err = _run_main(monkeypatch, capsys, "config", "path")
    assert code == CRASH_EXIT_CODE
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "\x1b" not in err
    assert "RuntimeError: boom" in lines[0] and "report it" in lines[0]
    logs = list((aieng_home / "cache" / "crashes").glob("aieng-crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    text = logs[0].read_text()
    assert "Traceback" in text and "RuntimeError: boom" in text and "To report it" in text
    assert "command: 'aieng' 'config' 'path'" in text


def test_crash_log_falls_back_when_the_cache_folder_is_unusable(monkeypatch, capsys, aieng_home, tmp_path):
    aieng_home.mkdir(parents=True)
    (aieng_home / "cache").write_text("a file where the cache folder should be")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr("aieng_cli.paths.config_file", _boom(ValueError("x")))
    code, err = _run_main(monkeypatch, capsys, "config", "path")
    assert code == CRASH_EXIT_CODE and str(tmp_path) in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "expected_code", "needle"),
    [
        (["config", "set", "colour", "red"], 1, "aieng: unknown setting"),  # AiengError
        (["--no-such-option"], 2, "No such option"),  # click usage error
        (["config", "get", "a", "b"], 2, "unexpected extra argument"),
        (["--version"], 0, ""),  # typer.Exit
    ],
)
def test_normal_exits_keep_their_behaviour(monkeypatch, capsys, argv, expected_code, needle):
    code, err = _run_main(monkeypatch, capsys, *argv)
    assert code == expected_code and needle in err and "unexpected error" not in err


def test_system_exit_raised_in_a_command_passes_through(monkeypatch, capsys):
    monkeypatch.setattr("aieng_cli.paths.config_file", _boom(SystemExit(3)))
    code, err = _run_main(monkeypatch, capsys, "config", "path")
    assert code == 3 and "unexpected error" not in err


def test_aieng_error_raised_deep_down_stays_one_line(monkeypatch, capsys):
    monkeypatch.setattr("aieng_cli.paths.config_file", _boom(ConfigError("bad thing")))
    assert _run_main(monkeypatch, capsys, "config", "path") == (1, "aieng: bad thing\n")


def test_ctrl_c_is_one_line_and_exit_130(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        import aieng_cli.paths
        def slow():
            print("ready", flush=True)
            time.sleep(30)
        aieng_cli.paths.config_file = slow
        sys.argv = ["aieng", "config", "path"]
        from aieng_cli.cli import main
        main()
        """
    )
    env = {**os.environ, "AIENG_HOME": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=20)
    finally:
        child.kill()
    assert child.returncode == 130
    assert err.strip() == "aieng: interrupted"


def test_an_exception_that_cannot_be_printed_still_gives_one_line(monkeypatch, capsys):
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise ValueError("no")

    monkeypatch.setattr("aieng_cli.paths.config_file", _boom(Unprintable()))
    code, err = _run_main(monkeypatch, capsys, "config", "path")
    assert code == CRASH_EXIT_CODE and "unexpected error (Unprintable)" in err and len(err.strip().splitlines()) == 1
