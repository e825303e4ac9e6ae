"""Finds the data shipped with aieng: roadmap.yaml, templates/ and exercises/.

In a wheel they are force-included under aieng_cli/_data; in a source checkout or an
editable install (which cannot see force-included files) they sit at the repo root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.exists():
        return installed
    return _PACKAGE_DIR.parents[1] / name


def roadmap_path() -> Path:
    return _shipped("roadmap.yaml")


def templates_dir() -> Path:
    return _shipped("templates")


def exercises_dir() -> Path:
    return _shipped("exercises")


def calibration_path() -> Path:
    """The grader calibration set; it lives inside the package, so wheels and checkouts agree."""
    return _PACKAGE_DIR / "data" / "calibration.yaml"
