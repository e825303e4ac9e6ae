import pytest
from batching import mean_latency, simulate, throughput

MIXED = [("A", 0, 5), ("B", 0, 1), ("C", 0, 1)]


def test_static_batch_waits_for_its_longest_member():
    assert simulate(MIXED, 2, "static") == {"B": 0, "A": 4, "C": 5}


def test_continuous_batch_refills_the_free_slot():
    assert simulate(MIXED, 2, "continuous") == {"B": 0, "C": 1, "A": 4}


def test_arrival_order_then_id_and_late_arrivals():
    requests = [("z", 0, 2), ("a", 0, 2), ("late", 3, 2)]
    assert simulate(requests, 1, "continuous") == {"a": 1, "z": 3, "late": 5}
    assert simulate([("x", 2, 1)], 4, "continuous") == {"x": 2}  # idle steps pass


def test_batch_size_is_respected():
    requests = [(f"r{i}", 0, 3) for i in range(5)]
    assert simulate(requests, 2, "continuous") == {"r0": 2, "r1": 2, "r2": 5, "r3": 5, "r4": 8}
    assert simulate(requests, 5, "static") == {f"r{i}": 2 for i in range(5)}


def test_static_does_not_join_a_running_batch():
    requests = [("long", 0, 6), ("early", 1, 1)]
    assert simulate(requests, 4, "static") == {"long": 5, "early": 6}
    assert simulate(requests, 4, "continuous") == {"early": 1, "long": 5}


def test_metrics_favour_continuous_batching():
    requests = [("A", 0, 8), ("B", 0, 2), ("C", 1, 2), ("D", 1, 2), ("E", 2, 2)]
    static, cont = simulate(requests, 2, "static"), simulate(requests, 2, "continuous")
    assert mean_latency(requests, cont) < mean_latency(requests, static)
    assert throughput(requests, cont) > throughput(requests, static)
    assert mean_latency(MIXED, {"B": 0, "C": 1, "A": 4}) == pytest.approx((5 + 1 + 2) / 3)
    assert throughput(MIXED, {"B": 0, "C": 1, "A": 4}) == pytest.approx(7 / 5)


def test_bad_arguments():
    with pytest.raises(ValueError):
        simulate(MIXED, 2, "dynamic")
    with pytest.raises(ValueError):
        simulate(MIXED, 0, "static")
