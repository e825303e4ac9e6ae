"""Compute an infrastructure plan from desired resources and recorded state, and detect drift."""

Resources = dict[str, dict]
_MISSING = object()


def _action(want: dict, have: dict, force_new: dict[str, set[str]]) -> str | None:
    if want["type"] != have["type"]:
        return "replace"
    new, old = want["attrs"], have["attrs"]
    changed = {k for k in set(new) | set(old) if new.get(k, _MISSING) != old.get(k, _MISSING)}
    if not changed:
        return None
    return "replace" if changed & force_new.get(want["type"], set()) else "update"


def plan(desired: Resources, state: Resources, force_new: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Sorted (address, action) for every resource that changes."""
    actions: list[tuple[str, str]] = []
    for address in sorted(set(desired) | set(state)):
        if address not in state:
            actions.append((address, "create"))
        elif address not in desired:
            actions.append((address, "delete"))
        else:
            action = _action(desired[address], state[address], force_new)
            if action:
                actions.append((address, action))
    return actions


def summary(actions: list[tuple[str, str]]) -> str:
    """'Plan: X to add, Y to change, Z to destroy.'"""
    kinds = [a for _, a in actions]
    add = kinds.count("create") + kinds.count("replace")
    change = kinds.count("update")
    destroy = kinds.count("delete") + kinds.count("replace")
    return f"Plan: {add} to add, {change} to change, {destroy} to destroy."


def drift(state: Resources, actual: dict[str, dict]) -> list[str]:
    """Addresses whose real attributes differ from the recorded state."""
    return sorted(a for a, recorded in state.items() if actual.get(a) != recorded["attrs"])
