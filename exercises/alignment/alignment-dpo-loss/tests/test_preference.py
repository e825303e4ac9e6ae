import math

import preference as pf
import pytest


def test_log_sigmoid_values_and_stability():
    assert pf.log_sigmoid(0.0) == pytest.approx(-math.log(2))
    assert pf.log_sigmoid(2.0) == pytest.approx(math.log(1 / (1 + math.exp(-2))))
    assert pf.log_sigmoid(1000.0) == pytest.approx(0.0, abs=1e-12)
    assert pf.log_sigmoid(-1000.0) == pytest.approx(-1000.0)


def test_sequence_logprob_counts_response_tokens_only():
    assert pf.sequence_logprob([-0.5, -1.0, -0.25, -2.0], [0, 0, 1, 1]) == pytest.approx(-2.25)
    with pytest.raises(ValueError):
        pf.sequence_logprob([-0.5], [1, 1])


def test_bradley_terry():
    assert pf.bradley_terry_loss(1.0, 1.0) == pytest.approx(math.log(2))
    assert pf.bradley_terry_loss(3.0, 1.0) == pytest.approx(math.log1p(math.exp(-2)))
    assert pf.bradley_terry_loss(1.0, 3.0) > pf.bradley_terry_loss(3.0, 1.0)


def test_dpo_at_the_reference_is_log_two():
    loss, chosen, rejected = pf.dpo_loss(-12.0, -15.0, -12.0, -15.0, beta=0.1)
    assert loss == pytest.approx(math.log(2))
    assert chosen == 0.0 and rejected == 0.0


def test_dpo_known_pair():
    loss, chosen, rejected = pf.dpo_loss(-10.0, -12.0, -11.0, -11.0, beta=0.1)
    assert chosen == pytest.approx(0.1) and rejected == pytest.approx(-0.1)
    assert loss == pytest.approx(math.log1p(math.exp(-0.2)))  # 0.598


def test_dpo_uses_beta_and_the_right_sign():
    worse, _, _ = pf.dpo_loss(-12.0, -10.0, -11.0, -11.0, beta=0.1)  # policy moved the wrong way
    better, _, _ = pf.dpo_loss(-10.0, -12.0, -11.0, -11.0, beta=0.1)
    assert worse > math.log(2) > better
    assert pf.dpo_loss(-10.0, -12.0, -11.0, -11.0, beta=0.5)[0] == pytest.approx(math.log1p(math.exp(-1.0)))


def test_dpo_is_stable_for_huge_margins():
    assert pf.dpo_loss(0.0, -5000.0, -5000.0, 0.0, beta=0.1)[0] == pytest.approx(0.0, abs=1e-12)
    assert pf.dpo_loss(-5000.0, 0.0, 0.0, -5000.0, beta=0.1)[0] == pytest.approx(1000.0)


def test_reward_accuracy():
    pairs = [
        (-10.0, -12.0, -11.0, -11.0),
        (-12.0, -10.0, -11.0, -11.0),
        (-5.0, -5.0, -5.0, -5.0),
        (-1.0, -9.0, -2.0, -9.0),
    ]
    assert pf.reward_accuracy(pairs) == pytest.approx(0.5)  # a tie is not a win
