import pytest
from one_hot import OTHER, OneHotEncoder


def test_sorted_columns_one_hot_rows():
    encoder = OneHotEncoder().fit(["paris", "berlin", "paris", "rome"])
    assert encoder.categories_ == ["berlin", "paris", "rome"]
    assert encoder.transform(["rome", "berlin"]) == [[0, 0, 1], [1, 0, 0]]


def test_rare_values_share_the_other_column():
    encoder = OneHotEncoder(min_count=2).fit(["a", "a", "b", "b", "c", "d"])
    assert encoder.categories_ == ["a", "b", OTHER]
    assert encoder.transform(["c", "a", "d"]) == [[0, 0, 1], [1, 0, 0], [0, 0, 1]]


def test_unseen_values_ignored_or_other():
    plain = OneHotEncoder().fit(["x", "y"])
    assert plain.transform(["z"]) == [[0, 0]]
    with_other = OneHotEncoder(min_count=2).fit(["x", "x", "y"])
    assert with_other.transform(["z"]) == [[0, 1]]


def test_unseen_values_can_be_errors_but_rare_ones_are_not():
    encoder = OneHotEncoder(min_count=2, handle_unknown="error").fit(["x", "x", "y"])
    assert encoder.transform(["y"]) == [[0, 1]]
    with pytest.raises(ValueError):
        encoder.transform(["z"])


def test_transform_before_fit():
    with pytest.raises(RuntimeError):
        OneHotEncoder().transform(["a"])


def test_empty_input():
    encoder = OneHotEncoder().fit([])
    assert encoder.categories_ == []
    assert encoder.transform([]) == []
