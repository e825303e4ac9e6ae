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
    # TODO
    raise NotImplementedError


def next_share(current: float, stages: tuple[float, ...] = (0.01, 0.05, 0.25, 0.5, 1.0)) -> float:
    """The next traffic share after a promote decision."""
    # TODO
    raise NotImplementedError
