"""Verifying draft tokens in speculative decoding."""

from collections.abc import Callable


def residual(p: list[float], q: list[float]) -> list[float]:
    """max(0, p - q), renormalised."""
    # TODO
    raise NotImplementedError


def verify(
    draft_tokens: list[int],
    q: list[list[float]],
    p: list[list[float]],
    uniforms: list[float],
    sample: Callable[[list[float]], int],
) -> list[int]:
    """The tokens actually emitted by one speculative step."""
    # TODO
    raise NotImplementedError


def expected_tokens_per_step(alpha: float, gamma: int) -> float:
    # TODO
    raise NotImplementedError
