"""bench/grader_agreement.py end to end against the loopback fake Ollama: two models side by side,
both grading methods, JSON, the per-model cache that makes a run resumable. Machinery, not quality."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aieng_cli.tutor import calibration

BENCH = Path(__file__).resolve().parents[1] / "bench" / "grader_agreement.py"


def oracle(items: dict[str, calibration.Answer]):
    """The examiner as a model, for both methods: reads the learner's answer out of the prompt and
    replies with the examiner's score, or the examiner's key-point judgements (quoting the answer)."""

    def respond(request: dict) -> str:
        prompt = request["messages"][1]["content"]
        item = items[prompt.split("<<<\n", 1)[1].rsplit("\n>>>", 1)[0]]
        if "points" not in request["format"]["properties"]:
            return json.dumps({"score": item.score, "verdict": "ok", "feedback": "", "missed_points": []})
        evidence = " ".join(item.answer.split()[:6])
        points = [
            {"point": n, "status": status, "evidence": "" if status == "missed" else evidence}
            for n, status in enumerate(item.points, 1)
        ]
        report = {"points": points, "contradicts_reference": item.contradicts, "contradiction": "", "feedback": ""}
        return json.dumps(report)

    return respond


def run_bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def expected():
    return {a.answer: a for a in calibration.load_calibration().answers}


def test_two_models_side_by_side_with_json_and_a_resumable_cache(fake_ollama, tmp_path, expected):
    fake_ollama.models = ["llama3.2:latest", "qwen2.5:7b"]
    fake_ollama.responder = oracle(expected)
    common = ["--host", fake_ollama.url, "--model", "llama3.2", "--model", "qwen2.5:7b", "--cache-dir", str(tmp_path)]
    first = run_bench(*common, "--limit", "5", "--json", str(tmp_path / "out.json"))
    assert first.returncode == 0, first.stderr
    rows = [line for line in first.stdout.splitlines() if line.startswith(("llama3.2", "qwen2.5"))]
    assert len(rows) == 4 and "5/5" in rows[0] and "Traceback" not in first.stderr
    report = json.loads((tmp_path / "out.json").read_text())
    oneshot = [r for r in report["results"] if r["method"] == "oneshot"]
    assert [r["model"] for r in oneshot] == ["llama3.2", "qwen2.5:7b"]
    assert all(r["exact"] == 1.0 and r["failed_rate"] == 0 and r["invalid_rate"] == 0 for r in oneshot)
    keypoints = [r for r in report["results"] if r["method"] == "keypoints"]
    assert all(r["point_agreement"] == 1.0 and r["within_one"] == 1.0 for r in keypoints)
    assert oneshot[0]["point_agreement"] is None
    assert {"spearman", "qwk", "within_one", "median_s", "p95_s", "by_case"} <= set(oneshot[0])
    assert len(fake_ollama.chat_requests()) == 5 * 4

    fake_ollama.clear()
    second = run_bench(*common, "--limit", "7", "--json", "-")
    assert second.returncode == 0, second.stderr
    assert len(fake_ollama.chat_requests()) == 2 * 4  # only the two answers not cached yet
    assert json.loads(second.stdout[second.stdout.index("{") :])["answers"] == 7


def test_invalid_output_and_a_missing_model_are_reported_not_fatal(fake_ollama, tmp_path, expected):
    fake_ollama.responder = oracle(expected)
    fake_ollama.reply("not json", "still not json")  # the first grade never comes
    result = run_bench(
        "--host", fake_ollama.url, "--model", "llama3.2", "--model", "absent:1b", "--method", "oneshot",
        "--limit", "4", "--cache-dir", str(tmp_path), "--json", "-",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "absent:1b: skipped: model absent:1b is not pulled" in result.stderr
    (row,) = json.loads(result.stdout[result.stdout.index("{") :])["results"]
    assert row["graded"] == 3 and row["failed_rate"] == 0.25 and row["invalid_rate"] == pytest.approx(2 / 5)


def test_no_reachable_model_is_one_line_and_exit_1(tmp_path):
    from .fake_ollama import closed_port_url

    result = run_bench("--host", closed_port_url(), "--limit", "2", "--cache-dir", str(tmp_path))
    assert result.returncode == 1 and "not reachable" in result.stderr and "Traceback" not in result.stderr
