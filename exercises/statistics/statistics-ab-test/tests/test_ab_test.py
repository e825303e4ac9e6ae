import pytest
from ab_test import significant, two_proportion_z_test


def test_a_real_improvement():
    z, p = two_proportion_z_test(200, 1000, 250, 1000)
    assert z == pytest.approx(2.6774, abs=1e-4)
    assert p == pytest.approx(0.00742, abs=1e-5)
    assert significant(p)


def test_noise_is_not_significant_and_sign_follows_b():
    z, p = two_proportion_z_test(45, 500, 30, 400)
    assert z == pytest.approx(-0.8090, abs=1e-4)
    assert p == pytest.approx(0.4185, abs=1e-4)
    assert not significant(p)


def test_symmetric_in_the_groups():
    z1, p1 = two_proportion_z_test(10, 100, 20, 100)
    z2, p2 = two_proportion_z_test(20, 100, 10, 100)
    assert z1 == pytest.approx(-z2) and p1 == pytest.approx(p2)


def test_equal_rates_and_degenerate_groups():
    assert two_proportion_z_test(30, 100, 30, 100) == pytest.approx((0.0, 1.0))
    assert two_proportion_z_test(50, 50, 80, 80) == (0.0, 1.0)
    assert two_proportion_z_test(0, 50, 0, 80) == (0.0, 1.0)


@pytest.mark.parametrize("args", [(1, 0, 1, 10), (11, 10, 1, 10), (-1, 10, 1, 10), (1, 10, 5, 4)])
def test_impossible_counts(args):
    with pytest.raises(ValueError):
        two_proportion_z_test(*args)


def test_alpha_boundary():
    assert significant(0.049) and not significant(0.05) and significant(0.009, alpha=0.01)
