"""Reliability, trajectory and cost metrics for evaluating agents."""

import math


def pass_hat_k(n: int, c: int, k: int) -> float:
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError("need 0 <= c <= n and 1 <= k <= n")
    return math.comb(c, k) / math.comb(n, k)


def trajectory_report(calls: list[dict], expected: list[str], forbidden: set[str], max_steps: int) -> dict:
    position = 0
    for call in calls:
        if position < len(expected) and call["name"] == expected[position]:
            position += 1
    used = list(dict.fromkeys(c["name"] for c in calls if c["name"] in forbidden))
    repeats = sum(
        1
        for before, call in zip(calls, calls[1:], strict=False)
        if before["name"] == call["name"] and before.get("arguments") == call.get("arguments")
    )
    return {
        "followed_expected": position == len(expected),
        "forbidden": used,
        "repeats": repeats,
        "within_budget": len(calls) <= max_steps,
    }


def summarize(runs: dict[str, list[dict]], k: int) -> dict:
    all_runs = [r for task_runs in runs.values() for r in task_runs]
    successes = sum(r["success"] for r in all_runs)
    per_task = [pass_hat_k(len(rs), sum(r["success"] for r in rs), k) for rs in runs.values()]
    return {
        "success_rate": successes / len(all_runs),
        "pass_hat_k": sum(per_task) / len(per_task),
        "cost_per_success": sum(r["cost"] for r in all_runs) / successes if successes else None,
    }
