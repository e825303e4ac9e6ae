import math
import statistics

import pytest
from grpo import clipped_surrogate, group_advantages, kl_k3, token_objective


def test_group_advantages_use_the_sample_std():
    adv = group_advantages([1.0, 0.0, 0.0, 1.0], eps=0.0)
    s = statistics.stdev([1.0, 0.0, 0.0, 1.0])  # 0.577, not the population 0.5
    assert adv == pytest.approx([0.5 / s, -0.5 / s, -0.5 / s, 0.5 / s])
    assert sum(group_advantages([3.0, 1.0, 0.5, 7.0, 2.0])) == pytest.approx(0.0, abs=1e-9)


def test_equal_rewards_carry_no_signal():
    assert group_advantages([1.0, 1.0, 1.0]) == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError):
        group_advantages([1.0])


def test_eps_keeps_tiny_spreads_finite():
    adv = group_advantages([1.0, 1.0 + 1e-12], eps=1e-6)
    assert all(math.isfinite(a) and abs(a) < 1e-3 for a in adv)


def test_surrogate_unclipped_inside_the_trust_region():
    lp_old = math.log(0.5)
    assert clipped_surrogate(math.log(0.55), lp_old, 2.0) == pytest.approx(1.1 * 2.0)
    assert clipped_surrogate(lp_old, lp_old, -1.0) == pytest.approx(-1.0)


def test_clipping_stops_rewarding_large_moves():
    lp_old = math.log(0.2)
    lp_new = math.log(0.4)  # ratio 2.0
    assert clipped_surrogate(lp_new, lp_old, 1.0) == pytest.approx(1.2)  # positive advantage: capped at 1 + eps
    assert clipped_surrogate(lp_new, lp_old, -1.0) == pytest.approx(-2.0)  # negative advantage: no cap on the penalty
    lp_low = math.log(0.1)  # ratio 0.5
    assert clipped_surrogate(lp_low, lp_old, -1.0) == pytest.approx(-0.8)
    assert clipped_surrogate(lp_low, lp_old, 1.0) == pytest.approx(0.5)


def test_kl_k3_estimate():
    assert kl_k3(-1.3, -1.3) == 0.0
    r = math.exp(-1.0 - -2.0)  # reference more likely than the policy
    assert kl_k3(-2.0, -1.0) == pytest.approx(r - math.log(r) - 1)
    assert kl_k3(-1.0, -2.0) > 0 and kl_k3(-2.0, -1.0) > 0


def test_token_objective():
    lp = math.log(0.3)
    assert token_objective(lp, lp, lp, 1.5) == pytest.approx(1.5)
    expected = clipped_surrogate(lp, lp, 1.5) - 0.1 * kl_k3(lp, math.log(0.2))
    assert token_objective(lp, lp, math.log(0.2), 1.5, beta=0.1) == pytest.approx(expected)
