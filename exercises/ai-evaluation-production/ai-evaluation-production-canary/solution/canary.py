"""Deciding a canary rollout from guardrail metrics."""


def decide(
    baseline: dict,
    canary: dict,
    min_requests: int = 500,
    max_error_increase: float = 0.005,
    max_p95_ratio: float = 1.2,
    max_quality_drop: float = 0.02,
) -> tuple[str, list[str]]:
    """('wait' | 'rollback' | 'promote', violated guardrails)."""
    if canary["requests"] < min_requests:
        return "wait", []
    reasons: list[str] = []
    base_rate = baseline["errors"] / baseline["requests"]
    canary_rate = canary["errors"] / canary["requests"]
    if canary_rate - base_rate > max_error_increase:
        reasons.append("error_rate")
    if canary["p95_ms"] > max_p95_ratio * baseline["p95_ms"]:
        reasons.append("latency")
    if baseline["quality"] - canary["quality"] > max_quality_drop:
        reasons.append("quality")
    return ("rollback", reasons) if reasons else ("promote", [])


def next_share(current: float, stages: tuple[float, ...] = (0.01, 0.05, 0.25, 0.5, 1.0)) -> float:
    """The next traffic share after a promote decision."""
    for stage in stages:
        if stage > current:
            return stage
    return 1.0
