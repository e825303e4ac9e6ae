"""Compute an infrastructure plan from desired resources and recorded state, and detect drift."""

Resources = dict[str, dict]


def plan(desired: Resources, state: Resources, force_new: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Sorted (address, action) for every resource that changes."""
    # TODO
    raise NotImplementedError


def summary(actions: list[tuple[str, str]]) -> str:
    """'Plan: X to add, Y to change, Z to destroy.'"""
    # TODO
    raise NotImplementedError


def drift(state: Resources, actual: dict[str, dict]) -> list[str]:
    """Addresses whose real attributes differ from the recorded state."""
    # TODO
    raise NotImplementedError
