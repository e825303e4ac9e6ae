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


def test_installed_wheel_runs_plan_from_any_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True, timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [str(env_dir / "bin" / "aieng"), "plan", "--track", "ai-developer", "--hours", "8", "--start", "2027-01-04"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        env={"AIENG_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "COLUMNS": "120"},
    )
    assert done.returncode == 0, done.stderr
    assert "AI Developer" in done.stdout and "finish" in done.stdout
    assert (tmp_path / "home" / "progress.json").exists()
