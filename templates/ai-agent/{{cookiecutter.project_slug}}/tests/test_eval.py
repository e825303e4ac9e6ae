"""`agent eval` runs checkable tasks; the checks look at outcomes, so a model that only claims success fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted import ScriptedModel, plan_reply
from typer.testing import CliRunner

from {{ cookiecutter.package_name }}.cli import app
from {{ cookiecutter.package_name }}.evals import TASKS, run_suite
from {{ cookiecutter.package_name }}.llm import Reply
from {{ cookiecutter.package_name }}.settings import Settings

runner = CliRunner()


@pytest.mark.stage({% if cookiecutter.multi_agent == "yes" %}7{% else %}6{% endif %})
def test_the_suite_passes_against_the_scripted_demo_model() -> None:
    assert len(TASKS) >= 12 and len({t.name for t in TASKS}) == len(TASKS)
    result = runner.invoke(app, ["eval", "--demo"])
    assert result.exit_code == 0, result.output
    assert f"success rate 100% ({len(TASKS)}/{len(TASKS)})" in result.output
    assert result.output.count("pass ") == len(TASKS) and "tokens" in result.output


@pytest.mark.stage(6)
def test_a_model_that_only_claims_success_fails_the_checks(tmp_path: Path) -> None:
    def liar() -> ScriptedModel:
        model = ScriptedModel([plan_reply({"description": "do everything", "tool": None})])
        model.default = Reply("Done: 395, 42, 15, saved everything, deploys happen on Tuesdays.")
        return model

    report = run_suite(Settings(home=tmp_path), liar)
    failed = {r.name: r.why for r in report.results if not r.passed}
    assert failed["save-result"] == "answer.txt was not written"
    assert failed["remember"] == "no fact about 'deploys happen on tuesdays' was stored"
    assert "no read_file error" in failed["path-escape-refused"]
    assert report.rate < 0.7
    # wording alone passes only the tasks whose check is the answer's wording
    assert {r.name for r in report.results if r.passed} == {"arithmetic", "recall"}


@pytest.mark.stage({% if cookiecutter.multi_agent == "yes" %}7{% else %}6{% endif %})
def test_unknown_task_and_min_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["eval", "--demo", "--task", "nope"])
    assert result.exit_code == 1 and result.output.startswith("error: unknown task 'nope'")
    result = runner.invoke(app, ["eval", "--demo", "--task", "arithmetic", "--task", "power"])
    assert result.exit_code == 0 and "success rate 100% (2/2)" in result.output
