"""The ai-agent template renders, installs in a fresh venv and passes its own tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from .template_support import TEMPLATES, assert_passed, make_venv, render, run_pytest

pytestmark = pytest.mark.template

TEMPLATE = "ai-agent"
DEMO_GOAL = "Calculate (17 * 23) + 4, then save it to answer.txt"


def test_cookiecutter_json_declares_the_contract() -> None:
    config = json.loads((TEMPLATES / TEMPLATE / "cookiecutter.json").read_text())
    for key in (
        "project_name",
        "project_slug",
        "package_name",
        "author",
        "multi_agent",
        "_description",
    ):
        assert key in config
    assert config["multi_agent"] == ["no", "yes"]


@pytest.mark.parametrize(("context", "team"), [({}, False), ({"multi_agent": "yes", "project_name": "Ops Crew"}, True)])
def test_renders_cleanly(tmp_path: Path, context: dict, team: bool) -> None:
    project = render(TEMPLATE, tmp_path, context)
    package = project / "src" / project.name.replace("-", "_")
    assert (package / "team.py").exists() is team
    assert (project / "tests" / "test_team.py").exists() is team
    for name in (
        "README.md",
        "Dockerfile",
        "docker-compose.yml",
        ".env.example",
        ".github/workflows/ci.yml",
    ):
        assert (project / name).is_file(), name
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    assert "${{ matrix.python-version }}" in json.dumps(workflow)
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"ollama", "ollama-pull", "agent"}
    assert compose["services"]["agent"]["environment"]["OLLAMA_HOST"] == "http://ollama:11434"
    readme = (project / "README.md").read_text()
    assert len(re.findall(r"^```bash$", readme, flags=re.M)) == 2
    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "cookiecutter" not in text and "{%" not in text, path
    assert f"MULTI_AGENT = {team}" in (package / "settings.py").read_text()


def _check_project(tmp_path: Path, context: dict) -> None:
    project = render(TEMPLATE, tmp_path, context)
    python = make_venv(project)
    assert_passed(run_pytest(project, python))
    # the README's run command: offline demo, no server
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENT_", "OLLAMA_"))}
    env.update(AGENT_HOME=str(tmp_path / "agent-home"), OLLAMA_HOST="http://127.0.0.1:9")
    agent = python.parent / "agent"
    done = subprocess.run(
        [str(agent), "run", "--demo", "--yes", DEMO_GOAL],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "agent-home" / "workspace" / "answer.txt").read_text() == "395\n"
    # without Ollama and without --demo: one clear line
    done = subprocess.run(
        [str(agent), "run", "What is 2+2?"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: Ollama is not reachable at http://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1


def test_default_project_passes_its_tests(tmp_path: Path) -> None:
    _check_project(tmp_path, {})


def test_multi_agent_project_passes_its_tests(tmp_path: Path) -> None:
    _check_project(tmp_path, {"multi_agent": "yes", "project_name": "Ops Crew"})
