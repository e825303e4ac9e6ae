"""The built wheel carries roadmap.yaml and templates/ and works from any folder."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("aieng-*.whl")
    return built


def test_wheel_contains_data_and_nothing_stray(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "aieng_cli/_data/roadmap.yaml" in names
    for template in ("rag-platform", "ai-agent", "ai-saas"):
        if (REPO / "templates" / template / "cookiecutter.json").exists():
            assert f"aieng_cli/_data/templates/{template}/cookiecutter.json" in names
    stray = [n for n in names if "/.venv/" in n or "__pycache__" in n or n.endswith(".pyc")]
    assert not stray, stray[:5]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed the way pip does it (byte-compiling the package)."""
    env_dir = tmp_path_factory.mktemp("wheel-venv") / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True, timeout=900)
    return env_dir


def _aieng(installed: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    return subprocess.run(
        [str(installed / "bin" / "aieng"), *args],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        env={"AIENG_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "COLUMNS": "120"},
    )


def test_installed_wheel_runs_plan_from_any_folder(installed, tmp_path):
    done = _aieng(installed, tmp_path, "plan", "--track", "ai-developer", "--hours", "8", "--start", "2027-01-04")
    assert done.returncode == 0, done.stderr
    assert "AI Developer" in done.stdout and "finish" in done.stdout
    assert (tmp_path / "home" / "progress.json").exists()


def test_projects_from_an_installed_wheel_hold_no_bytecode(installed, tmp_path):
    shipped = next(installed.glob("lib/python*/site-packages/aieng_cli/_data/templates"))
    # pip byte-compiles the templates' .py files; without this the check below would prove nothing
    assert any(shipped.rglob("*.pyc")), "pip did not byte-compile the shipped templates"
    for name in ("rag-platform", "ai-agent", "ai-saas"):
        done = _aieng(installed, tmp_path, "new", name, "--no-input", "-o", str(tmp_path / "out"))
        assert done.returncode == 0, done.stderr
    stale = [p for p in (tmp_path / "out").rglob("*") if p.name == "__pycache__" or p.suffix in (".pyc", ".pyo")]
    assert stale == [], stale[:5]
