import itertools

import pytest
from batching import batched


def test_full_batches_then_the_rest():
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_exact_multiple_has_no_empty_tail():
    assert list(batched("abcd", 2)) == [["a", "b"], ["c", "d"]]


def test_empty_input_gives_no_batches():
    assert list(batched([], 5)) == []


def test_size_one_and_size_larger_than_input():
    assert list(batched([1, 2], 1)) == [[1], [2]]
    assert list(batched([1, 2], 10)) == [[1, 2]]


def test_lazy_on_an_endless_input():
    pulled = []

    def endless():
        for n in itertools.count():
            pulled.append(n)
            yield n

    batches = batched(endless(), 4)
    assert next(batches) == [0, 1, 2, 3]
    assert pulled == [0, 1, 2, 3]


@pytest.mark.parametrize("size", [0, -1])
def test_bad_size_fails_at_the_call(size):
    with pytest.raises(ValueError):
        batched([1, 2, 3], size)
