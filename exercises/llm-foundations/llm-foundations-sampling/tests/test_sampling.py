import math
import random

import pytest
import sampling as s


def test_softmax_with_temperature():
    p = s.softmax([2.0, 1.0, 0.0])
    z = math.e**2 + math.e + 1
    assert p == pytest.approx([math.e**2 / z, math.e / z, 1 / z])
    assert s.softmax([2.0, 1.0, 0.0], temperature=0.5) == pytest.approx(s.softmax([4.0, 2.0, 0.0]))
    flat = s.softmax([2.0, 1.0, 0.0], temperature=10.0)
    assert max(flat) - min(flat) < 0.2


def test_softmax_is_stable_and_rejects_zero_temperature():
    assert s.softmax([1000.0, 999.0]) == pytest.approx([1 / (1 + math.exp(-1)), 1 / (1 + math.e)])
    with pytest.raises(ValueError):
        s.softmax([1.0, 2.0], temperature=0)


def test_greedy_breaks_ties_by_lowest_index():
    assert s.greedy([0.1, 3.0, 3.0, -1.0]) == 1


def test_top_k_keeps_ties_by_index():
    assert s.top_k_filter([0.1, 0.3, 0.3, 0.3], 2) == pytest.approx([0.0, 0.5, 0.5, 0.0])
    assert s.top_k_filter([0.2, 0.8], 5) == pytest.approx([0.2, 0.8])


def test_top_p_includes_the_token_that_crosses_p():
    probs = [0.15, 0.5, 0.3, 0.05]
    assert s.top_p_filter(probs, 0.7) == pytest.approx([0.0, 0.625, 0.375, 0.0])
    assert s.top_p_filter(probs, 0.5) == pytest.approx([0.0, 1.0, 0.0, 0.0])  # 0.5 already reaches p
    assert s.top_p_filter(probs, 0.96) == pytest.approx(probs)


def test_sample_follows_the_distribution_and_skips_zeros():
    rng = random.Random(42)
    draws = [s.sample([0.2, 0.0, 0.8], rng) for _ in range(5000)]
    assert 1 not in draws
    assert draws.count(2) / len(draws) == pytest.approx(0.8, abs=0.03)


class FixedRng:
    def __init__(self, value):
        self.value = value

    def random(self):
        return self.value


def test_sample_uses_inverse_cdf():
    assert s.sample([0.25, 0.5, 0.25], FixedRng(0.0)) == 0
    assert s.sample([0.25, 0.5, 0.25], FixedRng(0.25)) == 1
    assert s.sample([0.25, 0.5, 0.25], FixedRng(0.9999)) == 2


def test_six_n_d_rule():
    assert s.training_flops(7e9, 2e12) == pytest.approx(8.4e22)
