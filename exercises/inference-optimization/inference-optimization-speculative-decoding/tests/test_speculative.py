import random

import pytest
from speculative import expected_tokens_per_step, residual, verify

Q = [0.6, 0.3, 0.1]  # the draft model
P = [0.3, 0.5, 0.2]  # the target model


def argmax_sample(dist):
    return max(range(len(dist)), key=lambda i: dist[i])


def test_residual():
    assert residual(P, Q) == pytest.approx([0.0, 0.2 / 0.3, 0.1 / 0.3])


def test_all_drafts_accepted_gives_a_bonus_token():
    # token 1: p/q = 5/3 >= 1, always accepted; token 2: p/q = 2, always accepted
    out = verify([1, 2], [Q, Q], [P, P, [0.0, 0.0, 1.0]], [0.99, 0.99], argmax_sample)
    assert out == [1, 2, 2]


def test_acceptance_uses_the_probability_ratio():
    # token 0: p/q = 0.5, accepted only when u < 0.5
    assert verify([0], [Q], [P, [1.0, 0.0, 0.0]], [0.49], argmax_sample) == [0, 0]
    assert verify([0], [Q], [P, [1.0, 0.0, 0.0]], [0.5], argmax_sample) == [1]  # rejected: residual argmax is 1


def test_rejection_stops_and_discards_later_drafts():
    sampled = []

    def sample(dist):
        sampled.append(dist)
        return 2

    out = verify([1, 0, 1], [Q, Q, Q], [P, P, P, P], [0.0, 0.9, 0.0], sample)
    assert out == [1, 2]
    assert sampled == [pytest.approx(residual(P, Q))]


def test_output_follows_the_target_distribution():
    rng = random.Random(0)

    def sample(dist):
        return rng.choices(range(len(dist)), weights=dist)[0]

    counts = [0, 0, 0]
    n = 20_000
    for _ in range(n):
        draft = rng.choices(range(3), weights=Q)[0]
        first = verify([draft], [Q], [P, P], [rng.random()], sample)[0]
        counts[first] += 1
    assert [c / n for c in counts] == pytest.approx(P, abs=0.015)


def test_expected_tokens_per_step():
    assert expected_tokens_per_step(0.8, 4) == pytest.approx((1 - 0.8**5) / 0.2)  # 3.36
    assert expected_tokens_per_step(0.0, 4) == pytest.approx(1.0)
    assert expected_tokens_per_step(1.0, 4) == 5.0
