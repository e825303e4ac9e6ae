import math

import pytest
from information import cross_entropy, entropy, kl_divergence, perplexity


def test_entropy_in_bits():
    assert entropy([0.5, 0.5]) == pytest.approx(1.0)
    assert entropy([0.25] * 4) == pytest.approx(2.0)
    assert entropy([1.0, 0.0]) == 0.0


def test_cross_entropy_and_kl_relation():
    p, q = [0.5, 0.5], [0.25, 0.75]
    h_pq = -(0.5 * math.log2(0.25) + 0.5 * math.log2(0.75))
    assert cross_entropy(p, q) == pytest.approx(h_pq)
    assert kl_divergence(p, q) == pytest.approx(h_pq - 1.0)
    assert kl_divergence(q, p) != pytest.approx(kl_divergence(p, q))  # not symmetric


def test_kl_is_zero_for_identical_and_zeros_in_p_are_fine():
    assert kl_divergence([0.2, 0.8, 0.0], [0.2, 0.8, 0.0]) == pytest.approx(0.0)
    assert kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(1.0)


def test_support_mismatch_is_infinite():
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf


def test_perplexity():
    assert perplexity([0.25, 0.25, 0.25]) == pytest.approx(4.0)
    assert perplexity([0.5, 0.125]) == pytest.approx(4.0)
    assert perplexity([1.0]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: entropy([0.5, 0.6]),
        lambda: entropy([1.5, -0.5]),
        lambda: kl_divergence([1.0], [0.5, 0.5]),
        lambda: perplexity([]),
        lambda: perplexity([0.0, 0.5]),
    ],
)
def test_invalid_inputs(call):
    with pytest.raises(ValueError):
        call()
