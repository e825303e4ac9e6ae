import json

import pytest
import workflow as wf


def make_steps(calls, fail_once=None):
    failed = set()

    def step(name, updates):
        def fn(state):
            calls.append(name)
            if name == fail_once and name not in failed:
                failed.add(name)
                raise TimeoutError("provider timed out")
            return updates(state)

        return (name, fn)

    return [
        step("query", lambda s: {"rows": [3, 5]}),
        step("analyse", lambda s: {"total": sum(s["rows"])}),
        step("draft", lambda s: {"text": f"{s['month']}: {s['total']} units"}),
    ]


def test_runs_all_steps_and_marks_finished():
    calls, store = [], {}
    state = wf.run_workflow("r1", make_steps(calls), store, {"month": "2026-05"})
    assert state == {"month": "2026-05", "rows": [3, 5], "total": 8, "text": "2026-05: 8 units"}
    assert calls == ["query", "analyse", "draft"]
    record = json.loads(store["r1"])
    assert record == {"done": ["query", "analyse", "draft"], "state": state, "finished": True}


def test_crash_then_resume_skips_completed_steps():
    calls, store = [], {}
    steps = make_steps(calls, fail_once="analyse")
    with pytest.raises(TimeoutError):
        wf.run_workflow("r2", steps, store, {"month": "2026-05"})
    assert json.loads(store["r2"]) == {
        "done": ["query"],
        "state": {"month": "2026-05", "rows": [3, 5]},
        "finished": False,
    }
    state = wf.run_workflow("r2", steps, store, {"month": "IGNORED"})
    assert calls == ["query", "analyse", "analyse", "draft"]
    assert state["text"] == "2026-05: 8 units"


def test_finished_runs_are_not_repeated():
    calls, store = [], {}
    wf.run_workflow("r3", make_steps(calls), store, {"month": "m"})
    again = wf.run_workflow("r3", make_steps(calls), store, {"month": "m"})
    assert calls == ["query", "analyse", "draft"] and again["total"] == 8


def test_duplicate_step_names_are_rejected():
    with pytest.raises(ValueError):
        wf.run_workflow("r4", [("a", lambda s: {}), ("a", lambda s: {})], {}, {})


def test_side_effects_happen_once_across_retries():
    sent, outbox, store = [], {}, {}
    attempts = {"n": 0}

    def email(state):
        wf.send_once(outbox, "report-2026-05", lambda: sent.append(state["text"]) or "msg-1")
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise ConnectionError("crashed after sending, before the checkpoint")
        return {"emailed": True}

    steps = [("draft", lambda s: {"text": "report"}), ("email", email)]
    with pytest.raises(ConnectionError):
        wf.run_workflow("r5", steps, store, {})
    assert wf.run_workflow("r5", steps, store, {})["emailed"] is True
    assert sent == ["report"] and outbox == {"report-2026-05": "msg-1"}


def test_send_once_records_only_successful_sends():
    outbox = {}

    def broken():
        raise OSError("smtp down")

    with pytest.raises(OSError):
        wf.send_once(outbox, "k", broken)
    assert outbox == {}
    assert wf.send_once(outbox, "k", lambda: "ok") is True
    assert wf.send_once(outbox, "k", lambda: "again") is False


def test_refine_stops_when_the_critique_passes():
    seen = []

    def generate(feedback):
        seen.append(feedback)
        return f"draft{len(seen)}"

    result = wf.refine(generate, lambda d: None if d == "draft2" else "add numbers", max_rounds=5)
    assert result == {"draft": "draft2", "rounds": 2, "passed": True}
    assert seen == [None, "add numbers"]


def test_refine_respects_the_round_limit():
    critiques = []
    result = wf.refine(lambda fb: "same", lambda d: critiques.append(d) or "still wrong", max_rounds=3)
    assert result == {"draft": "same", "rounds": 3, "passed": False}
    assert len(critiques) == 3
    with pytest.raises(ValueError):
        wf.refine(lambda fb: "x", lambda d: None, max_rounds=0)
