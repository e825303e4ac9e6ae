import ivf
import numpy as np
import pytest

CENTROIDS = np.array([[0.0, 0.0], [10.0, 0.0]])


def _index():
    index = ivf.IVFIndex(CENTROIDS)
    vectors = np.array([[0.0, 1.0], [1.0, 0.0], [4.9, 0.0], [5.2, 0.0], [9.0, 0.0], [11.0, 1.0]])
    ids = ["a", "b", "c", "d", "e", "f"]
    meta = [{"tenant": 1}, {"tenant": 2}, {"tenant": 1}, {"tenant": 2}, {"tenant": 1}, {"tenant": 1}]
    index.add(ids, vectors, meta)
    return index, ids, vectors


def test_vectors_go_to_their_nearest_centroid():
    index, _, _ = _index()
    assert index.list_sizes() == [3, 3]  # c (4.9) is nearer 0, d (5.2) nearer 10


def test_ties_go_to_the_lower_centroid():
    index = ivf.IVFIndex(CENTROIDS)
    index.add(["mid"], np.array([[5.0, 0.0]]), [{}])
    assert index.list_sizes() == [1, 0]


def test_full_probe_equals_exact_search():
    index, ids, vectors = _index()
    rng = np.random.default_rng(0)
    for q in rng.uniform(-2, 12, size=(20, 2)):
        assert index.search(q, 3, nprobe=2) == ivf.exact_search(q, ids, vectors, 3)


def test_one_probe_can_miss_a_neighbour_and_recall_shows_it():
    index, ids, vectors = _index()
    q = np.array([5.3, 0.0])  # nearest centroid is 10, but c (4.9) sits in the other list
    exact = [i for i, _ in ivf.exact_search(q, ids, vectors, 2)]
    assert exact == ["d", "c"]
    approx = [i for i, _ in index.search(q, 2, nprobe=1)]
    assert approx == ["d", "e"]
    assert ivf.recall_at_k(approx, exact) == pytest.approx(0.5)
    assert ivf.recall_at_k([i for i, _ in index.search(q, 2, nprobe=2)], exact) == 1.0


def test_results_have_squared_distances_and_id_ties():
    index = ivf.IVFIndex(np.array([[0.0, 0.0]]))
    index.add(["z", "y", "x"], np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.0]]), [{}, {}, {}])
    assert index.search(np.zeros(2), 3, nprobe=1) == [("y", 1.0), ("z", 1.0), ("x", 4.0)]


def test_filter_is_applied_during_the_search():
    index, _, _ = _index()
    hits = index.search(np.array([0.5, 0.5]), 3, nprobe=1, where={"tenant": 1})
    assert [i for i, _ in hits] == ["a", "c"]  # only tenant 1, and still as many as exist
    hits = index.search(np.array([0.5, 0.5]), 3, nprobe=2, where={"tenant": 1})
    assert [i for i, _ in hits] == ["a", "c", "e"]
    assert index.search(np.zeros(2), 3, nprobe=2, where={"tenant": 99}) == []


def test_recall_edge_cases():
    assert ivf.recall_at_k([], ["a", "b"]) == 0.0
    assert ivf.recall_at_k(["b", "a", "x"], ["a", "b"]) == 1.0
    with pytest.raises(ValueError):
        ivf.recall_at_k(["a"], [])
