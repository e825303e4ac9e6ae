"""Deterministic guardrails for the actions an agent may take."""

POLICY = {
    "lookup_order": {"roles": {"support", "admin"}},
    "refund": {"roles": {"support", "admin"}, "max_amount": 500.0, "approval_above": 100.0, "daily_limit": 1000.0},
    "send_email": {"roles": {"support", "admin"}, "allowed_domains": {"example.com", "example.org"}},
    "delete_account": {"roles": {"admin"}},
}


def _approved(action: str, args: dict, user: dict, approvals: list[dict], now: float) -> bool:
    return any(
        a["action"] == action and a["args"] == args and now < a["expires_at"] and a["approver"] != user["id"]
        for a in approvals
    )


def decide(
    action: str, args: dict, user: dict, approvals: list[dict], now: float, spent_today: float = 0.0
) -> tuple[str, str]:
    """('allow' | 'deny' | 'needs_approval', reason)."""
    rules = POLICY.get(action)
    if rules is None:
        return "deny", f"{action} is not an allowed action"
    if user["role"] not in rules["roles"]:
        return "deny", f"role {user['role']} may not {action}"
    needs_approval = False
    if action == "refund":
        amount = args.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0:
            return "deny", "refund amount must be a positive number"
        if amount > rules["max_amount"]:
            return "deny", f"refund above {rules['max_amount']}"
        if spent_today + amount > rules["daily_limit"]:
            return "deny", "daily refund limit reached"
        needs_approval = amount > rules["approval_above"]
    elif action == "send_email":
        domain = str(args.get("to", "")).rsplit("@", 1)[-1].lower()
        if domain not in rules["allowed_domains"]:
            return "deny", f"mail to {domain or 'nowhere'} is not allowed"
    elif action == "delete_account":
        needs_approval = True
    if needs_approval and not _approved(action, args, user, approvals, now):
        return "needs_approval", "a second person must approve this action"
    return "allow", "within policy"
