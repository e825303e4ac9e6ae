"""Is B's success rate different from A's? The pooled two-proportion z-test."""

import math  # noqa: F401  (erfc and sqrt)


def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> tuple[float, float]:
    """(z, two-sided p-value); positive z: B's rate is higher."""
    # TODO: pooled rate, standard error, z, p-value via math.erfc
    raise NotImplementedError


def significant(p_value: float, alpha: float = 0.05) -> bool:
    raise NotImplementedError
