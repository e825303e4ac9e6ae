import math

import pytest
import retrieval_metrics as rm

RETRIEVED = ["d3", "d1", "d7", "d2", "d9"]
RELEVANT = {"d1", "d2", "d4"}


def test_recall_at_k():
    assert rm.recall_at_k(RETRIEVED, RELEVANT, 1) == 0.0
    assert rm.recall_at_k(RETRIEVED, RELEVANT, 3) == pytest.approx(1 / 3)
    assert rm.recall_at_k(RETRIEVED, RELEVANT, 5) == pytest.approx(2 / 3)
    assert rm.recall_at_k(RETRIEVED, RELEVANT, 50) == pytest.approx(2 / 3)


def test_precision_at_k_divides_by_k():
    assert rm.precision_at_k(RETRIEVED, RELEVANT, 5) == pytest.approx(2 / 5)
    assert rm.precision_at_k(["d1"], RELEVANT, 4) == pytest.approx(1 / 4)


def test_duplicates_count_once():
    assert rm.recall_at_k(["d1", "d1", "d2"], RELEVANT, 2) == pytest.approx(2 / 3)
    assert rm.precision_at_k(["d1", "d1"], RELEVANT, 2) == pytest.approx(1 / 2)
    assert rm.reciprocal_rank(["d9", "d9", "d2"], RELEVANT) == pytest.approx(1 / 2)


def test_reciprocal_rank_and_mrr():
    assert rm.reciprocal_rank(RETRIEVED, RELEVANT) == pytest.approx(1 / 2)
    assert rm.reciprocal_rank(["x", "y"], RELEVANT) == 0.0
    runs = [(RETRIEVED, RELEVANT), (["d4"], RELEVANT), (["x"], {"y"})]
    assert rm.mean_reciprocal_rank(runs) == pytest.approx((0.5 + 1.0 + 0.0) / 3)


def test_ndcg_by_hand():
    gains = {"d1": 3, "d2": 2, "d4": 1}
    dcg = 3 / math.log2(3) + 2 / math.log2(5)
    ideal = 3 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)
    assert rm.ndcg_at_k(RETRIEVED, gains, 5) == pytest.approx(dcg / ideal)  # 0.578
    assert rm.ndcg_at_k(["d1", "d2", "d4"], gains, 3) == pytest.approx(1.0)
    assert rm.ndcg_at_k(["d2", "d1"], gains, 2) < 1.0


def test_ndcg_ideal_uses_the_top_k_gains_only():
    gains = {"a": 1, "b": 3}
    assert rm.ndcg_at_k(["b"], gains, 1) == pytest.approx(1.0)
    assert rm.ndcg_at_k(["a"], gains, 1) == pytest.approx(1 / 3)
    assert rm.ndcg_at_k(["x"], {}, 3) == 0.0


def test_invalid_arguments():
    with pytest.raises(ValueError):
        rm.recall_at_k(RETRIEVED, set(), 3)
    with pytest.raises(ValueError):
        rm.precision_at_k(RETRIEVED, RELEVANT, 0)
    with pytest.raises(ValueError):
        rm.ndcg_at_k(RETRIEVED, {"d1": 1}, 0)
