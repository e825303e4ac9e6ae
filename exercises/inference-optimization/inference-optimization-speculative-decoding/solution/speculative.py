"""Verifying draft tokens in speculative decoding."""

from collections.abc import Callable


def residual(p: list[float], q: list[float]) -> list[float]:
    """max(0, p - q), renormalised."""
    diff = [max(0.0, a - b) for a, b in zip(p, q, strict=True)]
    total = sum(diff)
    return [d / total for d in diff]


def verify(
    draft_tokens: list[int],
    q: list[list[float]],
    p: list[list[float]],
    uniforms: list[float],
    sample: Callable[[list[float]], int],
) -> list[int]:
    """The tokens actually emitted by one speculative step."""
    out: list[int] = []
    for i, token in enumerate(draft_tokens):
        if uniforms[i] < p[i][token] / q[i][token]:
            out.append(token)
            continue
        out.append(sample(residual(p[i], q[i])))
        return out
    out.append(sample(p[len(draft_tokens)]))
    return out


def expected_tokens_per_step(alpha: float, gamma: int) -> float:
    if alpha == 1:
        return gamma + 1.0
    return (1 - alpha ** (gamma + 1)) / (1 - alpha)
