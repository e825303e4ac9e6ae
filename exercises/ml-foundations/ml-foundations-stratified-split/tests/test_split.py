from collections import Counter

import pytest
from split import stratified_split

LABELS = ["ok"] * 90 + ["fraud"] * 10


def test_each_label_keeps_its_share():
    train, test = stratified_split(LABELS, 0.2, seed=1)
    assert Counter(LABELS[i] for i in test) == {"ok": 18, "fraud": 2}
    assert Counter(LABELS[i] for i in train) == {"ok": 72, "fraud": 8}


def test_every_index_exactly_once_and_sorted():
    train, test = stratified_split(LABELS, 0.3, seed=5)
    assert sorted(train + test) == list(range(100))
    assert train == sorted(train) and test == sorted(test)


def test_reproducible_with_a_seed_and_different_across_seeds():
    assert stratified_split(LABELS, 0.2, seed=7) == stratified_split(LABELS, 0.2, seed=7)
    assert stratified_split(LABELS, 0.2, seed=7) != stratified_split(LABELS, 0.2, seed=8)


def test_rare_label_rounding():
    labels = ["a"] * 7 + ["b"] * 3
    _, test = stratified_split(labels, 0.25, seed=0)
    assert Counter(labels[i] for i in test) == {"a": 2, "b": 1}  # round(1.75) = 2, round(0.75) = 1


def test_does_not_depend_on_input_order_of_labels():
    labels = ["b", "a"] * 10
    train, test = stratified_split(labels, 0.5, seed=3)
    assert Counter(labels[i] for i in test) == {"a": 5, "b": 5}


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5])
def test_fraction_must_be_inside_zero_one(fraction):
    with pytest.raises(ValueError):
        stratified_split(LABELS, fraction, seed=0)
