"""Where aieng keeps user state: the one module that computes user locations.

`AIENG_HOME` puts data, config and cache in one folder (tests always set it). Folders
are created by whoever writes into them, never at import.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "aieng"


def _home_override() -> Path | None:
    value = os.environ.get("AIENG_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def progress_file() -> Path:
    return data_dir() / "progress.json"


def config_file() -> Path:
    return config_dir() / "config.json"
