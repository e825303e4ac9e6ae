from top_tokens import top_tokens


def test_most_frequent_first():
    tokens = "the cat sat on the mat the end".split()
    assert top_tokens(tokens, 2) == [("the", 3), ("cat", 1)]


def test_ties_are_alphabetical():
    tokens = ["b", "a", "c", "b", "a", "c", "d"]
    assert top_tokens(tokens, 3) == [("a", 2), ("b", 2), ("c", 2)]


def test_k_larger_than_vocabulary_returns_all():
    assert top_tokens(["x", "y", "x"], 10) == [("x", 2), ("y", 1)]


def test_k_zero_or_negative_and_empty_input():
    assert top_tokens(["x"], 0) == []
    assert top_tokens(["x"], -3) == []
    assert top_tokens([], 5) == []


def test_accepts_a_generator():
    assert top_tokens((t for t in "aab"), 1) == [("a", 2)]
