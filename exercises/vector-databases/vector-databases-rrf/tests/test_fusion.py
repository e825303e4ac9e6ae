import pytest
from fusion import rrf


def test_documents_high_in_both_lists_win():
    fused = rrf([["a", "b", "c"], ["b", "c", "d"]])
    assert [d for d, _ in fused] == ["b", "c", "a", "d"]
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)  # ranks start at 1
    assert scores["d"] == pytest.approx(1 / 63)


def test_ties_are_broken_by_id():
    assert [d for d, _ in rrf([["y"], ["x"]])] == ["x", "y"]
    assert [d for d, _ in rrf([["x"], ["y"]])] == ["x", "y"]


def test_duplicates_count_once_at_their_best_rank():
    scores = dict(rrf([["a", "b", "a"]]))
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["b"] == pytest.approx(1 / 62)


def test_k_changes_how_much_the_top_ranks_dominate():
    scores = dict(rrf([["a", "b"]], k=0))
    assert scores == pytest.approx({"a": 1.0, "b": 0.5})


def test_weights_and_top_n():
    fused = rrf([["a", "b"], ["b", "a"]], weights=[2.0, 1.0])
    assert fused[0][0] == "a"
    assert fused[0][1] == pytest.approx(2 / 61 + 1 / 62)
    assert rrf([["a", "b", "c"]], top_n=2) == rrf([["a", "b"]])
    with pytest.raises(ValueError):
        rrf([["a"], ["b"]], weights=[1.0])


def test_empty_inputs():
    assert rrf([]) == []
    assert rrf([[], []]) == []
    assert [d for d, _ in rrf([[], ["z"]])] == ["z"]
