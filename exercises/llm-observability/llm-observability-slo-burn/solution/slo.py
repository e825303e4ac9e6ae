"""Percentile SLO checks, error budgets and burn-rate alerting."""

import math


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values or not 0 < p <= 100:
        raise ValueError("need values and 0 < p <= 100")
    ordered = sorted(values)
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank - 1]


def latency_slo_met(latencies_ms: list[float], limit_ms: float, p: float = 95) -> tuple[float, bool]:
    observed = percentile(latencies_ms, p)
    return observed, observed <= limit_ms


def error_budget_minutes(target: float, days: float = 30) -> float:
    return (1 - target) * days * 24 * 60


def budget_remaining(target: float, total: int, failed: int) -> float:
    if total == 0:
        return 1.0
    return 1 - failed / ((1 - target) * total)


def burn_rate(error_rate: float, target: float) -> float:
    return error_rate / (1 - target)


def should_page(short_rate: float, long_rate: float, target: float, threshold: float = 14.4) -> bool:
    return burn_rate(short_rate, target) >= threshold and burn_rate(long_rate, target) >= threshold
