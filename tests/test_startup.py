"""Start-up hygiene: quick commands never import the heavy libraries; completion works."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import MINI_ROADMAP

HEAVY = ("textual", "cookiecutter", "ollama", "numpy")  # numpy: only exercises that need it import it

_PROBE = """
import sys
from aieng_cli.cli import app
try:
    app(sys.argv[1:], prog_name="aieng")
except SystemExit as exit:
    code = exit.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY_NAMES))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
sys.exit(code or 0)
""".replace("HEAVY_NAMES", repr(HEAVY))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["plan", "--track", "ai-developer", "--hours", "8"],
        ["status"],
        ["today"],
        ["today", "--json"],
        ["status", "--json"],
        ["plan", "--replan"],
        ["topic", "rag"],
        ["--version"],
        ["mark", "rag", "done"],
        ["config", "get"],
        ["practice", "--list"],
    ],
    ids=lambda a: " ".join(a),
)
def test_quick_commands_do_not_import_heavy_libraries(args, tmp_path):
    env = {**os.environ, "AIENG_HOME": str(tmp_path)}
    if args[0] in ("status", "today") or "--replan" in args:
        subprocess.run(
            [sys.executable, "-m", "aieng_cli", "plan", "--track", "ai-developer"],
            env=env,
            check=True,
            capture_output=True,
        )
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY:", done.stderr


def test_offline_quiz_does_not_import_ollama(tmp_path):
    env = {**os.environ, "AIENG_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "quiz", "rag", "--offline", "--count", "1"],
        env=env,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "HEAVY:", done.stderr


_DOCTOR_PROBE = """
import sys
from aieng_cli.cli import app
try:
    app(["doctor"], prog_name="aieng")
except SystemExit as exit:
    code = exit.code
print("LOADED:" + ",".join(sorted(set(sys.modules) & set(sys.argv[1:]))), file=sys.stderr)
sys.exit(code or 0)
"""


def test_offline_doctor_imports_neither_ollama_nor_the_templates(tmp_path):
    """With nothing listening, doctor says so without the Ollama client, httpx, Rich or scaffolding."""
    from .fake_ollama import closed_port_url

    env = {**os.environ, "AIENG_HOME": str(tmp_path), "OLLAMA_HOST": closed_port_url()}
    unwanted = [*HEAVY, "httpx", "rich", "aieng_cli.scaffold", "aieng_cli.tutor.llm"]
    done = subprocess.run(
        [sys.executable, "-c", _DOCTOR_PROBE, *unwanted], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "not reachable" in done.stdout and "Templates: ai-agent, ai-saas, rag-platform" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "LOADED:", done.stderr


def test_shell_completion_completes_commands_and_topic_ids(tmp_path):
    env = {
        **os.environ,
        "AIENG_HOME": str(tmp_path),
        "AIENG_ROADMAP": str(MINI_ROADMAP),
        "_AIENG_COMPLETE": "complete_bash",
        "COMP_WORDS": "aieng pro",
        "COMP_CWORD": "1",
    }
    done = subprocess.run([sys.executable, "-m", "aieng_cli"], env=env, capture_output=True, text=True, timeout=60)
    assert "progress" in done.stdout.split()
    env["COMP_WORDS"], env["COMP_CWORD"] = "aieng progress ", "2"
    done = subprocess.run([sys.executable, "-m", "aieng_cli"], env=env, capture_output=True, text=True, timeout=60)
    assert {"export", "import", "reset", "repair"} <= set(done.stdout.split())
    env["COMP_WORDS"], env["COMP_CWORD"] = "aieng topic r", "2"
    done = subprocess.run([sys.executable, "-m", "aieng_cli"], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["rag"]


def test_show_completion_prints_a_script(tmp_path):
    # Typer detects the shell from the parent processes, which a detached run (a CI runner, a
    # job started with `&`) may not have; with detection off `--show-completion bash` names it.
    env = {**os.environ, "AIENG_HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "aieng_cli", "--show-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "_AIENG_COMPLETE" in done.stdout


CORE = [
    "roadmap",
    "plan",
    "progress",
    "progress_models",
    "progress_io",
    "overview",
    "today",
    "pages",
    "scaffold",
    "paths",
    "resources",
    "settings",
    "doctor",
    "errors",
    "tutor.bank",
    "tutor.scheduler",
    "tutor.session",
    "tutor.llm",
    "practice",
    "practice_check",
    "practice_store",
    "practice_watch",
    "practice_index",
    "practice_workspace",
    "guided",
    "stages",
    "projects",
    "project_check",
    "chats",
    "files",
    "template_values",
]


def test_core_modules_import_no_ui_or_heavy_library():
    """The layering rule: core never imports the CLI or TUI stack, nor ollama/cookiecutter at import."""
    code = (
        "import sys\n"
        + "".join(f"import aieng_cli.{name}\n" for name in CORE)
        + "bad = {'textual', 'typer', 'rich', 'ollama', 'cookiecutter'} & {m.split('.')[0] for m in sys.modules}\n"
        + "print(sorted(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
