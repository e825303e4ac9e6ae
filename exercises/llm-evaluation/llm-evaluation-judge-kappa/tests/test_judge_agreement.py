import judge_agreement as ja
import pytest


def _table(both_pass, h_pass_j_fail, h_fail_j_pass, both_fail):
    human = ["pass"] * (both_pass + h_pass_j_fail) + ["fail"] * (h_fail_j_pass + both_fail)
    judge = ["pass"] * both_pass + ["fail"] * h_pass_j_fail + ["pass"] * h_fail_j_pass + ["fail"] * both_fail
    return human, judge


def test_known_two_by_two_table():
    human, judge = _table(8, 2, 3, 7)
    assert ja.percent_agreement(human, judge) == pytest.approx(0.75)
    assert ja.cohen_kappa(human, judge) == pytest.approx(0.5)  # p_e = 0.5*0.55 + 0.5*0.45


def test_lazy_judge_agrees_often_but_kappa_is_zero():
    human = ["pass"] * 9 + ["fail"]
    judge = ["pass"] * 10
    assert ja.percent_agreement(human, judge) == pytest.approx(0.9)
    assert ja.cohen_kappa(human, judge) == pytest.approx(0.0)


def test_perfect_and_systematic_disagreement():
    human = ["good", "bad", "ok", "good", "bad"]
    assert ja.cohen_kappa(human, list(human)) == pytest.approx(1.0)
    assert ja.cohen_kappa(["a", "b", "a", "b"], ["b", "a", "b", "a"]) == pytest.approx(-1.0)


def test_three_labels_and_a_label_only_the_judge_uses():
    human = ["good", "good", "bad", "ok", "ok", "bad"]
    judge = ["good", "ok", "bad", "ok", "unsure", "bad"]
    # p_o = 4/6; p_e = (2*1 + 2*2 + 2*2 + 0*1) / 36 = 10/36
    assert ja.cohen_kappa(human, judge) == pytest.approx((4 / 6 - 10 / 36) / (1 - 10 / 36))


@pytest.mark.parametrize("human, judge", [([], []), (["a"], ["a", "b"]), (["a", "a"], ["a", "a"])])
def test_invalid_inputs_raise(human, judge):
    with pytest.raises(ValueError):
        ja.cohen_kappa(human, judge)


def test_pairwise_verdict_needs_both_orders_to_agree():
    assert ja.pairwise_verdict("A", "B") == "a"
    assert ja.pairwise_verdict("B", "A") == "b"
    assert ja.pairwise_verdict("A", "A") == "tie"  # position bias: always picks the first shown
    assert ja.pairwise_verdict("tie", "A") == "tie"
    assert ja.pairwise_verdict("B", "B") == "tie"
