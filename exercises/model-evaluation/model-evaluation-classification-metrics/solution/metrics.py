"""Precision, recall and F1 per class; macro and micro averages."""

from collections import Counter
from collections.abc import Hashable, Sequence


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(precision: float, recall: float) -> float:
    return _div(2 * precision * recall, precision + recall)


def _counts(y_true: Sequence[Hashable], y_pred: Sequence[Hashable]) -> tuple[list[Hashable], Counter, Counter, Counter]:
    if len(y_true) != len(y_pred) or not y_true:
        raise ValueError("need two non-empty lists of the same length")
    tp, fp, fn = Counter(), Counter(), Counter()
    for truth, guess in zip(y_true, y_pred, strict=True):
        if truth == guess:
            tp[truth] += 1
        else:
            fp[guess] += 1
            fn[truth] += 1
    labels = sorted(set(y_true) | set(y_pred), key=repr)
    return labels, tp, fp, fn


def per_class(
    y_true: Sequence[Hashable], y_pred: Sequence[Hashable]
) -> dict[Hashable, tuple[float, float, float, int]]:
    labels, tp, fp, fn = _counts(y_true, y_pred)
    support = Counter(y_true)
    scores = {}
    for label in labels:
        precision = _div(tp[label], tp[label] + fp[label])
        recall = _div(tp[label], tp[label] + fn[label])
        scores[label] = (precision, recall, _f1(precision, recall), support[label])
    return scores


def macro_f1(y_true: Sequence[Hashable], y_pred: Sequence[Hashable]) -> float:
    scores = per_class(y_true, y_pred)
    return sum(s[2] for s in scores.values()) / len(scores)


def micro_f1(y_true: Sequence[Hashable], y_pred: Sequence[Hashable]) -> float:
    _, tp, fp, fn = _counts(y_true, y_pred)
    precision = _div(sum(tp.values()), sum(tp.values()) + sum(fp.values()))
    recall = _div(sum(tp.values()), sum(tp.values()) + sum(fn.values()))
    return _f1(precision, recall)
