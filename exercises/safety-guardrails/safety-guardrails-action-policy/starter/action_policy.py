"""Deterministic guardrails for the actions an agent may take."""

POLICY = {
    "lookup_order": {"roles": {"support", "admin"}},
    "refund": {"roles": {"support", "admin"}, "max_amount": 500.0, "approval_above": 100.0, "daily_limit": 1000.0},
    "send_email": {"roles": {"support", "admin"}, "allowed_domains": {"example.com", "example.org"}},
    "delete_account": {"roles": {"admin"}},
}


def decide(
    action: str, args: dict, user: dict, approvals: list[dict], now: float, spent_today: float = 0.0
) -> tuple[str, str]:
    """('allow' | 'deny' | 'needs_approval', reason)."""
    # TODO
    raise NotImplementedError
