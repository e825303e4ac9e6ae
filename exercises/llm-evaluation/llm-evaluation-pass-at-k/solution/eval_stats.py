"""Statistics for reading LLM evaluation results: pass@k, intervals, paired tests."""

import math


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from n samples with c passing."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError("need 0 <= c <= n and 1 <= k <= n")
    if n - c < k:
        return 1.0
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def mean_pass_at_k(results: list[tuple[int, int]], k: int) -> float:
    """Average pass@k over problems given (n, c) each."""
    if not results:
        raise ValueError("no results")
    return sum(pass_at_k(n, c, k) for n, c in results) / len(results)


def standard_error(p: float, n: int) -> float:
    """Standard error of an accuracy p measured on n items."""
    return math.sqrt(p * (1 - p) / n)


def ci95(p: float, n: int) -> tuple[float, float]:
    """Normal-approximation 95% interval, clipped to [0, 1]."""
    half = 1.96 * standard_error(p, n)
    return max(0.0, p - half), min(1.0, p + half)


def mcnemar(a_correct: list[bool], b_correct: list[bool]) -> tuple[int, int, float]:
    """(only_a, only_b, chi2) for a paired comparison on the same items."""
    if len(a_correct) != len(b_correct):
        raise ValueError("both systems must be scored on the same items")
    only_a = sum(a and not b for a, b in zip(a_correct, b_correct, strict=True))
    only_b = sum(b and not a for a, b in zip(a_correct, b_correct, strict=True))
    if only_a + only_b == 0:
        return 0, 0, 0.0
    return only_a, only_b, (only_a - only_b) ** 2 / (only_a + only_b)
