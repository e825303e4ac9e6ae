import random
import statistics

import pytest
from running import RunningStats


def stats_of(values):
    stats = RunningStats()
    for v in values:
        stats.push(v)
    return stats


def test_matches_the_statistics_module():
    values = [random.Random(7).uniform(-50, 50) for _ in range(200)]
    stats = stats_of(values)
    assert stats.count == 200
    assert stats.mean == pytest.approx(statistics.fmean(values))
    assert stats.variance == pytest.approx(statistics.variance(values))
    assert stats.stdev == pytest.approx(statistics.stdev(values))


def test_stable_with_a_large_offset():
    values = [1e9 + v for v in (4.0, 7.0, 13.0, 16.0)]
    assert stats_of(values).variance == pytest.approx(30.0, rel=1e-9)


def test_merge_equals_one_stream_and_keeps_inputs():
    rng = random.Random(3)
    a_values = [rng.gauss(10, 2) for _ in range(50)]
    b_values = [rng.gauss(-5, 7) for _ in range(80)]
    a, b = stats_of(a_values), stats_of(b_values)
    merged = a.merge(b)
    both = stats_of(a_values + b_values)
    assert merged.count == 130
    assert merged.mean == pytest.approx(both.mean)
    assert merged.variance == pytest.approx(both.variance)
    assert a.count == 50 and a.mean == pytest.approx(statistics.fmean(a_values))


def test_merge_with_empty():
    a = stats_of([1.0, 2.0, 3.0])
    assert a.merge(RunningStats()).variance == pytest.approx(1.0)
    assert RunningStats().merge(a).mean == pytest.approx(2.0)


def test_too_few_values():
    with pytest.raises(ValueError):
        _ = RunningStats().mean
    with pytest.raises(ValueError):
        _ = stats_of([5.0]).variance
    assert stats_of([5.0]).mean == 5.0
