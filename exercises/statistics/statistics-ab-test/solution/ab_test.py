"""Is B's success rate different from A's? The pooled two-proportion z-test."""

import math


def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> tuple[float, float]:
    """(z, two-sided p-value); positive z: B's rate is higher."""
    for successes, n in ((successes_a, n_a), (successes_b, n_b)):
        if n < 1 or not 0 <= successes <= n:
            raise ValueError("need n >= 1 and 0 <= successes <= n")
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:
        return 0.0, 1.0
    z = (successes_b / n_b - successes_a / n_a) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def significant(p_value: float, alpha: float = 0.05) -> bool:
    return p_value < alpha
