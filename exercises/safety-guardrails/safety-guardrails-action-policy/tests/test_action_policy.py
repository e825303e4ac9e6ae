import pytest
from action_policy import decide

SUPPORT = {"id": "u1", "role": "support"}
ADMIN = {"id": "u2", "role": "admin"}


def verdict(*args, **kwargs):
    decision, reason = decide(*args, **kwargs)
    assert isinstance(reason, str) and reason
    return decision


def test_allow_list_and_roles():
    assert verdict("lookup_order", {"id": "A1"}, SUPPORT, [], now=0) == "allow"
    assert verdict("run_shell", {"cmd": "rm -rf /"}, ADMIN, [], now=0) == "deny"
    assert verdict("delete_account", {"user": "x"}, SUPPORT, [], now=0) == "deny"


@pytest.mark.parametrize(
    "amount, spent, expected",
    [
        (20, 0.0, "allow"),
        (100, 0.0, "allow"),  # at the threshold, no approval yet
        (100.01, 0.0, "needs_approval"),
        (501, 0.0, "deny"),
        (0, 0.0, "deny"),
        (-5, 0.0, "deny"),
        (True, 0.0, "deny"),
        ("20", 0.0, "deny"),
        (50, 960.0, "deny"),  # 1010 would exceed the daily limit
        (40, 960.0, "allow"),  # exactly 1000 is fine
    ],
)
def test_refund_limits(amount, spent, expected):
    assert verdict("refund", {"order": "A1", "amount": amount}, SUPPORT, [], now=0, spent_today=spent) == expected


def test_email_only_to_allowed_domains():
    assert verdict("send_email", {"to": "jane@Example.com"}, SUPPORT, [], now=0) == "allow"
    assert verdict("send_email", {"to": "attacker@evil.io"}, SUPPORT, [], now=0) == "deny"
    assert verdict("send_email", {"to": "x@example.com@evil.io"}, SUPPORT, [], now=0) == "deny"
    assert verdict("send_email", {}, SUPPORT, [], now=0) == "deny"


def test_approvals_must_match_be_fresh_and_come_from_someone_else():
    args = {"order": "A1", "amount": 250}
    ok = {"action": "refund", "args": args, "approver": "u9", "expires_at": 100}
    assert verdict("refund", args, SUPPORT, [ok], now=50) == "allow"
    assert verdict("refund", args, SUPPORT, [ok], now=100) == "needs_approval"  # expired
    assert verdict("refund", args, SUPPORT, [{**ok, "approver": "u1"}], now=50) == "needs_approval"  # self-approval
    other = {**ok, "args": {"order": "A1", "amount": 251}}
    assert verdict("refund", args, SUPPORT, [other], now=50) == "needs_approval"
    assert verdict("refund", args, SUPPORT, [{**ok, "action": "delete_account"}], now=50) == "needs_approval"


def test_delete_always_needs_a_second_admin():
    args = {"user": "cust-7"}
    assert verdict("delete_account", args, ADMIN, [], now=0) == "needs_approval"
    approval = {"action": "delete_account", "args": args, "approver": "u3", "expires_at": 10}
    assert verdict("delete_account", args, ADMIN, [approval], now=5) == "allow"


def test_approval_cannot_lift_a_hard_limit():
    args = {"order": "A1", "amount": 900}
    approval = {"action": "refund", "args": args, "approver": "u9", "expires_at": 100}
    assert verdict("refund", args, SUPPORT, [approval], now=0) == "deny"
