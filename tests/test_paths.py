"""User locations: AIENG_HOME, else the platform's folders (the same ones platformdirs gives)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from aieng_cli import paths


def test_aieng_home_holds_everything(aieng_home):
    assert paths.progress_file() == aieng_home / "progress.json"
    assert paths.config_file() == aieng_home / "config.json"
    assert paths.cache_dir() == aieng_home / "cache"


@pytest.mark.parametrize("xdg", [False, True], ids=["defaults", "xdg-variables"])
def test_platform_folders_match_platformdirs(monkeypatch, tmp_path, xdg):
    monkeypatch.delenv("AIENG_HOME")
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        if xdg:
            monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
        else:
            monkeypatch.delenv(variable, raising=False)
    assert paths.data_dir() == Path(platformdirs.user_data_dir("aieng", appauthor=False))
    assert paths.config_dir() == Path(platformdirs.user_config_dir("aieng", appauthor=False))
    assert paths.cache_dir() == Path(platformdirs.user_cache_dir("aieng", appauthor=False))
    if sys.platform.startswith("linux"):
        assert str(paths.data_dir()).startswith(str(tmp_path) if xdg else str(Path.home()))
