"""Where aieng keeps user state: the one module that computes user locations.

`AIENG_HOME` puts data, config and cache in one folder (tests always set it). Folders
are created by whoever writes into them, never at import.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "aieng"

# On Linux, the XDG rules platformdirs applies, without its ~5 ms import on every start.
# tests/test_paths.py checks both give the same folders.
_XDG = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
}


def _user_dir(kind: str) -> Path:
    home = os.environ.get("AIENG_HOME")
    if home:
        base = Path(home).expanduser()
        return base / "cache" if kind == "cache" else base
    if sys.platform.startswith("linux"):
        variable, default = _XDG[kind]
        return Path(os.environ.get(variable, "").strip() or os.path.expanduser(default)) / APP_NAME
    import platformdirs

    finder = {
        "data": platformdirs.user_data_dir,
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    return Path(finder(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return _user_dir("data")


def config_dir() -> Path:
    return _user_dir("config")


def cache_dir() -> Path:
    return _user_dir("cache")


def progress_file() -> Path:
    return data_dir() / "progress.json"


def config_file() -> Path:
    return config_dir() / "config.json"
