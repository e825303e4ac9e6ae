import pytest
import slo


def test_nearest_rank_percentile():
    values = list(range(1, 11))
    assert slo.percentile(values, 95) == 10  # rank ceil(9.5) = 10; interpolation would give 9.55
    assert slo.percentile(values, 90) == 9
    assert slo.percentile([4, 1, 3, 2], 50) == 2  # unsorted input, no averaging
    assert slo.percentile([7], 99) == 7
    assert slo.percentile([30, 10, 20], 34) == 20  # rank ceil(1.02) = 2: always round up
    assert slo.percentile(values, 91) == 10
    assert slo.percentile([5, 1, 9], 100) == 9


def test_percentile_rejects_bad_input():
    for values, p in [([], 95), ([1, 2], 0), ([1, 2], 101)]:
        with pytest.raises(ValueError):
            slo.percentile(values, p)


def test_latency_slo():
    latencies = [200] * 94 + [900, 950, 980, 1200, 1500, 3000]
    assert slo.latency_slo_met(latencies, 1000) == (900, True)  # rank 95 of 100
    assert slo.latency_slo_met(latencies, 1000, p=99) == (1500, False)
    assert sum(latencies) / len(latencies) < 300  # the mean hides the tail


def test_error_budget():
    assert slo.error_budget_minutes(0.999) == pytest.approx(43.2)
    assert slo.error_budget_minutes(0.99, days=7) == pytest.approx(100.8)


def test_budget_remaining():
    assert slo.budget_remaining(0.999, 1_000_000, 250) == pytest.approx(0.75)
    assert slo.budget_remaining(0.999, 1_000_000, 1500) == pytest.approx(-0.5)
    assert slo.budget_remaining(0.999, 0, 0) == 1.0


def test_burn_rate_and_paging():
    assert slo.burn_rate(0.001, 0.999) == pytest.approx(1.0)
    assert slo.burn_rate(0.0144, 0.999) == pytest.approx(14.4)
    assert slo.should_page(0.05, 0.02, 0.999) is True
    assert slo.should_page(0.05, 0.001, 0.999) is False  # a short spike only
    assert slo.should_page(0.02, 0.015, 0.999) is True
    assert slo.should_page(0.02, 0.015, 0.999, threshold=20) is False
