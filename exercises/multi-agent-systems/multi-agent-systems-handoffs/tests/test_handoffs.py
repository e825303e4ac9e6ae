from handoffs import run_handoffs


def handoff(to, goal, tokens=100, **extra):
    return lambda task: {"type": "handoff", "to": to, "task": {"goal": goal, **extra}, "tokens": tokens}


def done(result, tokens=100):
    return lambda task: {"type": "done", "result": result, "tokens": tokens}


def test_triage_to_billing_to_refunds():
    seen = []

    def refunds(task):
        seen.append(task)
        return {"type": "done", "result": f"refunded {task['order']}", "tokens": 300}

    agents = {
        "triage": handoff("billing", "resolve a billing issue", tokens=50, order="ORD-1"),
        "billing": handoff("refunds", "refund the order", tokens=120, order="ORD-1"),
        "refunds": refunds,
    }
    out = run_handoffs("triage", {"goal": "My order was charged twice"}, agents)
    assert out == {
        "status": "done",
        "result": "refunded ORD-1",
        "trace": [("triage", "handoff"), ("billing", "handoff"), ("refunds", "done")],
        "tokens": 470,
    }
    assert seen == [{"goal": "refund the order", "order": "ORD-1"}]


def test_ping_pong_is_stopped_by_the_turn_limit():
    agents = {"a": handoff("b", "you do it"), "b": handoff("a", "no, you")}
    out = run_handoffs("a", {"goal": "x"}, agents, max_turns=5)
    assert out["status"] == "max_turns" and len(out["trace"]) == 5 and out["result"] is None


def test_unknown_agents():
    out = run_handoffs("triage", {"goal": "x"}, {"triage": handoff("legal", "review")})
    assert out["status"] == "unknown_agent" and out["trace"] == [("triage", "handoff")]
    assert run_handoffs("nobody", {"goal": "x"}, {})["status"] == "unknown_agent"


def test_handoff_contract_is_enforced_before_the_target_runs():
    called = []
    agents = {
        "triage": lambda task: {"type": "handoff", "to": "billing", "task": {"goal": "  "}, "tokens": 10},
        "billing": lambda task: called.append(task) or {"type": "done", "result": 1},
    }
    assert run_handoffs("triage", {"goal": "x"}, agents)["status"] == "invalid_handoff"
    agents["triage"] = lambda task: {"type": "handoff", "to": "billing", "task": "refund it", "tokens": 10}
    assert run_handoffs("triage", {"goal": "x"}, agents)["status"] == "invalid_handoff"
    agents["triage"] = lambda task: {"type": "chat", "tokens": 10}
    assert run_handoffs("triage", {"goal": "x"}, agents)["status"] == "invalid_handoff"
    assert called == []


def test_budget_stops_before_the_next_agent():
    called = []
    agents = {"a": handoff("b", "go", tokens=600), "b": lambda t: called.append(t) or {"type": "done", "result": 1}}
    out = run_handoffs("a", {"goal": "x"}, agents, token_budget=500)
    assert out["status"] == "over_budget" and out["tokens"] == 600 and called == []
    finished = run_handoffs("a", {"goal": "x"}, {"a": done("ok", tokens=900)}, token_budget=500)
    assert finished["status"] == "done" and finished["result"] == "ok"  # finished work is kept


def test_verifier_rejects_unchecked_results():
    agents = {"researcher": done({"findings": []})}
    out = run_handoffs("researcher", {"goal": "x"}, agents, verify=lambda r: len(r["findings"]) > 0)
    assert out["status"] == "rejected" and out["result"] == {"findings": []}
    agents = {"researcher": done({"findings": ["a"]})}
    assert (
        run_handoffs("researcher", {"goal": "x"}, agents, verify=lambda r: len(r["findings"]) > 0)["status"] == "done"
    )
