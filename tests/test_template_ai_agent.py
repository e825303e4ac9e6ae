"""The ai-agent template renders, installs in a fresh venv and passes its own tests, ruff and mypy.

Both builds (single agent and multi_agent=yes) share ONE virtualenv per test module: the first is
installed with its dependencies, the others with `--no-deps -e` (their dependencies are the same),
and each check re-points the `agent` console script at the project it checks. The guided team
project (all seven stages) is proved stage by stage in that venv too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from aieng_cli import scaffold
from aieng_cli.project_check import check_project
from aieng_cli.projects import read_project_file

from .guided_support import StagedProject
from .template_support import TEMPLATES, assert_passed, install_editable, make_shared_venv, new_project, run_pytest

pytestmark = pytest.mark.template

TEMPLATE = "ai-agent"
DEMO_GOAL = "Calculate (17 * 23) + 4, then save it to answer.txt"
TEAM = {"multi_agent": "yes", "project_name": "Ops Crew"}
GUIDED_TEAM = {"multi_agent": "yes", "project_name": "Guided Crew"}  # its own package: the others stay installed
GUIDED_SINGLE = {"project_name": "Guided Agent"}
Done = subprocess.CompletedProcess
STAGE_TITLES = (
    "Tool registry",
    "Tool-calling loop that feeds errors back",
    "Planning and re-planning",
    "Memory",
    "Budgets",
    "Trace and replay",
    "Team of agents",
)


@dataclass(frozen=True)
class Built:
    single: Path
    team: Path
    python: Path
    root: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("ai-agent")
    (root / "single").mkdir()
    (root / "team").mkdir()
    single = generate(root / "single", {})
    team = generate(root / "team", TEAM)
    python = make_shared_venv(root / "venv", single)
    install_editable(python, team)
    return Built(single, team, python, root)


def generate(output_dir: Path, extra: dict) -> Path:
    """`aieng new ai-agent` (complete mode): the stage markers are applied, STAGES.md is written."""
    return new_project(TEMPLATE, output_dir, extra)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENT_", "OLLAMA_", "VIRTUAL_ENV", "PYTEST_"))}
    env.update(AGENT_HOME=str(home), OLLAMA_HOST="http://127.0.0.1:9")
    return env


def _run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _ruff() -> str:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if not found:
        pytest.skip("ruff is not installed")
    return found


def test_cookiecutter_json_declares_the_contract() -> None:
    config = json.loads((TEMPLATES / TEMPLATE / "cookiecutter.json").read_text())
    for key in ("project_name", "project_slug", "package_name", "author", "multi_agent", "_description"):
        assert key in config
    assert config["multi_agent"] == ["no", "yes"]


@pytest.mark.parametrize(("context", "team"), [({}, False), (TEAM, True)])
def test_renders_cleanly(tmp_path: Path, context: dict, team: bool) -> None:
    project = generate(tmp_path, context)
    package = project / "src" / project.name.replace("-", "_")
    assert (package / "team.py").exists() is team
    assert (project / "tests" / "test_team.py").exists() is team
    for name in ("README.md", "Dockerfile", "docker-compose.yml", ".env.example", ".github/workflows/ci.yml"):
        assert (project / name).is_file(), name
    # the package is organised by concern
    for part in (
        "loop/agent.py",
        "loop/step.py",
        "loop/planner.py",
        "tools/registry.py",
        "tools/mcp.py",
        "memory/long_term.py",
        "memory/vectors.py",
        "observe/trace.py",
        "evals/tasks.py",
    ):
        assert (package / part).is_file(), part
    assert (project / "bench" / "memory_recall.py").is_file()
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    steps = " ".join(str(s.get("run", "")) for s in workflow["jobs"]["test"]["steps"])
    assert "${{ matrix.python-version }}" in json.dumps(workflow)
    for command in ("mypy src", "python -m pytest", "agent eval --demo", "bench/memory_recall.py", "ruff check"):
        assert command in steps, command
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"ollama", "ollama-pull", "agent"}
    assert compose["services"]["agent"]["environment"]["OLLAMA_HOST"] == "http://ollama:11434"
    readme = (project / "README.md").read_text()
    assert len(re.findall(r"^```bash$", readme, flags=re.M)) == 2
    for path in project.rglob("*"):
        assert path.suffix != ".pyc" and path.name != "__pycache__", path  # no stale bytecode
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "cookiecutter" not in text and "{%" not in text, path
            assert "aieng:stage" not in text, path  # complete mode: every region's reference code, no markers
    # the stages in STAGES.md: the team stage only where there is a team
    stages = re.findall(r"^## Stage (\d): (.+)$", (project / "STAGES.md").read_text(), flags=re.M)
    assert [title for _, title in stages] == list(STAGE_TITLES[: 7 if team else 6])
    assert "aieng new ai-agent --guided" in readme
    assert f"MULTI_AGENT = {team}" in (package / "settings.py").read_text()
    if not team:  # a single-agent build never mentions the team module (mypy would fail on it)
        assert not re.search(
            r"from \.+team import|import team", "\n".join(p.read_text() for p in package.rglob("*.py"))
        )


def _check_project(built: Built, project: Path, home: Path) -> None:
    python = built.python
    install_editable(python, project)  # the shared venv's `agent` now runs this project
    assert_passed(run_pytest(project, python))
    ruff = _ruff()
    # one mypy cache for both builds: the third-party packages they share are analysed once
    mypy = [str(python), "-m", "mypy", "--cache-dir", str(built.root / "mypy-cache"), "src"]
    for cmd in ([ruff, "check", "."], [ruff, "format", "--check", "."], mypy):
        done = _run(cmd, project)
        assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stdout}{done.stderr}"
    agent = str(python.parent / "agent")
    env = _env(home)
    # the README's run command: offline demo, no server
    done = _run([agent, "run", "--demo", "--yes", DEMO_GOAL], project, env, 120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (home / "workspace" / "answer.txt").read_text() == "395\n"
    # the evaluation suite against the scripted model, as the generated CI runs it
    done = _run([agent, "eval", "--demo"], project, env, 300)
    assert done.returncode == 0 and "success rate 100%" in done.stdout, done.stdout + done.stderr
    # without Ollama and without --demo: one clear line
    done = _run([agent, "run", "What is 2+2?"], project, env, 120)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: Ollama is not reachable at http://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1
    # a bad setting: one line, no traceback
    done = _run([agent, "run", "--demo", "x"], project, {**env, "AGENT_MAX_STEPS": "abc"}, 120)
    assert done.returncode == 1 and done.stderr.startswith("error: AGENT_MAX_STEPS:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_default_project_passes_its_tests_ruff_and_mypy(built: Built) -> None:
    _check_project(built, built.single, built.root / "home-single")


def test_multi_agent_project_passes_its_tests_ruff_and_mypy(built: Built) -> None:
    _check_project(built, built.team, built.root / "home-team")


def _lint(built: Built, project: Path) -> None:
    """ruff check, ruff format --check and mypy src, as the generated CI runs them."""
    mypy = [str(built.python), "-m", "mypy", "--cache-dir", str(built.root / "mypy-cache"), "src"]
    for cmd in ([_ruff(), "check", "."], [_ruff(), "format", "--check", "."], mypy):
        done = _run(cmd, project)
        assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stdout}{done.stderr}"


def _starts_green(built: Built, project: Path) -> None:
    """A fresh guided project installs, collects cleanly, lints, and its unmarked tests pass."""
    install_editable(built.python, project)
    _lint(built, project)
    collected = run_pytest(project, built.python, None, "--collect-only")
    assert collected.returncode == 0 and " error" not in collected.stdout, collected.stdout[-3000:]
    assert_passed(run_pytest(project, built.python, None, "-m", "not stage"))  # a learner starts green


def test_guided_single_agent_project_starts_green(built: Built, tmp_path: Path) -> None:
    """The single-agent guided project (six stages; its stage-by-stage proof is the team's below)."""
    project = StagedProject.create(tmp_path, scaffold.find_template(TEMPLATE), GUIDED_SINGLE).project
    assert not (project / "src" / "guided_agent" / "team.py").exists()
    _starts_green(built, project)


def test_guided_team_project_is_built_stage_by_stage(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """`aieng new ai-agent --guided` with a team: it installs, collects, lints and starts green; with
    stages 1..k-1 written and k..7 stubs, `aieng check` passes exactly stages 1..k-1 and says stage k is
    not written yet; in the complete team project all seven pass."""
    staged = StagedProject.create(built.root / "guided", scaffold.find_template(TEMPLATE), GUIDED_TEAM)
    assert staged.titles == dict(enumerate(STAGE_TITLES, start=1))
    _starts_green(built, staged.project)
    for k in range(1, len(STAGE_TITLES) + 1):
        staged.solve(range(1, k))
        report = staged.check(built.python)
        assert not report.problem, report.problem
        assert report.passed() == list(range(1, k)), [(s.number, s.headline) for s in report.stages]
        assert f"not written yet (stage {k}:" in report.stages[k - 1].headline, report.stages[k - 1].headline
    # every stage written is the complete project: `aieng check` there passes all seven
    install_editable(built.python, built.team)
    monkeypatch.setenv("VIRTUAL_ENV", str(built.python.parent.parent))
    report = check_project(built.team, read_project_file(built.team))
    assert report.passed() == list(range(1, len(STAGE_TITLES) + 1)), [(s.number, s.headline) for s in report.stages]
