import random

import pytest
from auc import roc_auc


def pairwise(labels, scores):
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def test_perfect_inverted_and_constant():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]) == 0.0
    assert roc_auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]) == 0.5


def test_ties_count_one_half():
    assert roc_auc([1, 0, 1, 0], [0.9, 0.9, 0.4, 0.1]) == pytest.approx(0.625)


def test_star_ratings_match_the_pairwise_definition():
    rng = random.Random(11)
    labels = [rng.randint(0, 1) for _ in range(300)]
    scores = [min(5, max(1, round(rng.gauss(3 + y, 1)))) for y in labels]
    assert roc_auc(labels, scores) == pytest.approx(pairwise(labels, scores))


def test_only_ranking_matters():
    labels = [0, 1, 0, 1, 1]
    scores = [0.2, 0.3, 0.6, 0.7, 0.7]
    assert roc_auc(labels, scores) == pytest.approx(roc_auc(labels, [s * 100 - 7 for s in scores]))


@pytest.mark.parametrize(("labels", "scores"), [([1, 1], [0.1, 0.2]), ([0, 0], [0.1, 0.2]), ([0, 1], [0.1])])
def test_undefined_cases(labels, scores):
    with pytest.raises(ValueError):
        roc_auc(labels, scores)
