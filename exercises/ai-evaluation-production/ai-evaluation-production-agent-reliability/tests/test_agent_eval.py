import pytest
from agent_eval import pass_hat_k, summarize, trajectory_report


def test_pass_hat_k():
    assert pass_hat_k(5, 3, 1) == pytest.approx(0.6)
    assert pass_hat_k(5, 3, 2) == pytest.approx(3 / 10)
    assert pass_hat_k(5, 3, 4) == 0.0
    assert pass_hat_k(8, 8, 8) == 1.0


def test_pass_hat_k_rejects_impossible_counts():
    for args in [(5, 6, 1), (5, -1, 1), (5, 2, 0), (5, 2, 6)]:
        with pytest.raises(ValueError):
            pass_hat_k(*args)


def call(name, **arguments):
    return {"name": name, "arguments": arguments}


def test_trajectory_in_order_with_extra_calls():
    calls = [call("lookup_order", id="A1"), call("search_kb", q="refund"), call("refund", id="A1", amount=20)]
    report = trajectory_report(calls, ["lookup_order", "refund"], {"delete_account"}, max_steps=5)
    assert report == {"followed_expected": True, "forbidden": [], "repeats": 0, "within_budget": True}


def test_trajectory_wrong_order_forbidden_and_loops():
    calls = [
        call("refund", id="A1", amount=20),
        call("lookup_order", id="A1"),
        call("lookup_order", id="A1"),
        call("lookup_order", id="B2"),
        call("delete_account", user="u1"),
        call("send_email", to="x"),
        call("delete_account", user="u2"),
    ]
    report = trajectory_report(calls, ["lookup_order", "refund"], {"send_email", "delete_account"}, max_steps=6)
    assert report == {
        "followed_expected": False,
        "forbidden": ["delete_account", "send_email"],
        "repeats": 1,
        "within_budget": False,
    }
    assert trajectory_report([], [], set(), 0)["followed_expected"] is True


def test_summarize_exposes_unreliable_agents():
    runs = {
        "refund": [{"success": s, "cost": 0.02} for s in (True, True, True, False, False)],
        "status": [{"success": True, "cost": 0.01} for _ in range(5)],
    }
    out = summarize(runs, k=3)
    assert out["success_rate"] == pytest.approx(0.8)
    assert out["pass_hat_k"] == pytest.approx((1 / 10 + 1.0) / 2)  # C(3,3)/C(5,3) = 0.1 for refund
    assert out["cost_per_success"] == pytest.approx((5 * 0.02 + 5 * 0.01) / 8)


def test_summarize_without_successes():
    out = summarize({"t": [{"success": False, "cost": 0.5}, {"success": False, "cost": 0.5}]}, k=1)
    assert out == {"success_rate": 0.0, "pass_hat_k": 0.0, "cost_per_success": None}
