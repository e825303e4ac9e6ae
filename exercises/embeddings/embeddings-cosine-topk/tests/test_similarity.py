import numpy as np
import pytest
import similarity as sim


def test_lesson_example_and_basic_angles():
    assert sim.cosine_similarity(np.array([0.6, 0.8]), np.array([0.8, 0.6])) == pytest.approx(0.96)
    assert sim.cosine_similarity(np.array([1.0, 0.0]), np.array([0.0, 3.0])) == pytest.approx(0.0)
    assert sim.cosine_similarity(np.array([1.0, 2.0]), np.array([-2.0, -4.0])) == pytest.approx(-1.0)


def test_length_does_not_matter():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([3.0, 1.0, 0.5])
    assert sim.cosine_similarity(10 * a, b) == pytest.approx(sim.cosine_similarity(a, b))
    assert isinstance(sim.cosine_similarity(a, b), float)


def test_zero_vectors_give_zero_not_nan():
    assert sim.cosine_similarity(np.zeros(3), np.array([1.0, 0.0, 0.0])) == 0.0
    m = sim.cosine_matrix(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[2.0, 0.0], [0.0, 0.0]]))
    np.testing.assert_allclose(m, [[0.0, 0.0], [1.0, 0.0]])


def test_matrix_matches_pairwise():
    rng = np.random.default_rng(0)
    q, d = rng.normal(size=(3, 5)), rng.normal(size=(4, 5))
    m = sim.cosine_matrix(q, d)
    assert m.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            assert m[i, j] == pytest.approx(sim.cosine_similarity(q[i], d[j]))


def test_top_k_orders_by_score_and_breaks_ties_by_index():
    docs = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 0.0], [-1.0, 0.0], [5.0, 0.0]])
    result = sim.top_k(np.array([1.0, 0.0]), docs, 4)
    assert [i for i, _ in result] == [1, 3, 5, 2]
    assert [s for _, s in result] == pytest.approx([1.0, 1.0, 1.0, 1 / np.sqrt(2)])


def test_ties_stay_in_index_order_in_a_large_collection():
    docs = np.tile([[1.0, 0.0], [0.0, 1.0]], (100, 1))  # 200 docs, 100 of them tied at 1.0
    result = sim.top_k(np.array([3.0, 0.0]), docs, 6)
    assert [i for i, _ in result] == [0, 2, 4, 6, 8, 10]


def test_top_k_uses_cosine_not_dot_product():
    docs = np.array([[10.0, 10.0], [0.9, 0.1]])
    assert sim.top_k(np.array([1.0, 0.0]), docs, 1)[0][0] == 1


def test_top_k_bounds():
    docs = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert len(sim.top_k(np.array([1.0, 1.0]), docs, 10)) == 2
    assert sim.top_k(np.array([1.0, 1.0]), docs, 0) == []
    assert sim.top_k(np.array([1.0, 1.0]), np.zeros((0, 2)), 3) == []
