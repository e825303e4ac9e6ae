import eval_stats as es
import pytest


def test_pass_at_1_is_the_pass_rate():
    assert es.pass_at_k(10, 3, 1) == pytest.approx(0.3)


def test_pass_at_k_is_unbiased_not_naive():
    assert es.pass_at_k(10, 3, 5) == pytest.approx(1 - 21 / 252)  # 0.9167, naive 1-0.7**5 gives 0.832
    assert es.pass_at_k(20, 1, 10) == pytest.approx(0.5)


def test_pass_at_k_edges():
    assert es.pass_at_k(5, 0, 3) == 0.0
    assert es.pass_at_k(5, 3, 3) == 1.0  # only 2 failures: any 3 samples include a pass
    assert es.pass_at_k(5, 5, 1) == 1.0
    for args in [(5, 6, 1), (5, -1, 1), (5, 2, 0), (5, 2, 6)]:
        with pytest.raises(ValueError):
            es.pass_at_k(*args)


def test_mean_over_problems():
    assert es.mean_pass_at_k([(10, 3), (10, 0), (10, 10)], 1) == pytest.approx((0.3 + 0 + 1) / 3)


def test_confidence_interval():
    assert es.standard_error(0.8, 200) == pytest.approx(0.028284, rel=1e-4)
    low, high = es.ci95(0.8, 200)
    assert low == pytest.approx(0.8 - 0.05544, abs=1e-4) and high == pytest.approx(0.8 + 0.05544, abs=1e-4)
    assert es.ci95(0.99, 20)[1] == 1.0
    assert es.ci95(0.0, 50) == (0.0, 0.0)


def test_mcnemar_counts_only_discordant_items():
    a = [True] * 50 + [True] * 12 + [False] * 4 + [False] * 34
    b = [True] * 50 + [False] * 12 + [True] * 4 + [False] * 34
    only_a, only_b, chi2 = es.mcnemar(a, b)
    assert (only_a, only_b) == (12, 4)
    assert chi2 == pytest.approx(64 / 16)
    assert chi2 > 3.84


def test_mcnemar_identical_systems_and_bad_input():
    assert es.mcnemar([True, False], [True, False]) == (0, 0, 0.0)
    with pytest.raises(ValueError):
        es.mcnemar([True], [True, False])
