"""Percentile SLO checks, error budgets and burn-rate alerting."""


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    # TODO
    raise NotImplementedError


def latency_slo_met(latencies_ms: list[float], limit_ms: float, p: float = 95) -> tuple[float, bool]:
    # TODO
    raise NotImplementedError


def error_budget_minutes(target: float, days: float = 30) -> float:
    # TODO
    raise NotImplementedError


def budget_remaining(target: float, total: int, failed: int) -> float:
    # TODO
    raise NotImplementedError


def burn_rate(error_rate: float, target: float) -> float:
    # TODO
    raise NotImplementedError


def should_page(short_rate: float, long_rate: float, target: float, threshold: float = 14.4) -> bool:
    # TODO
    raise NotImplementedError
