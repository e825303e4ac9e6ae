"""Precision, recall and F1 per class; macro and micro averages."""

from collections.abc import Hashable, Sequence


def per_class(
    y_true: Sequence[Hashable], y_pred: Sequence[Hashable]
) -> dict[Hashable, tuple[float, float, float, int]]:
    # TODO: count TP, FP, FN per label
    raise NotImplementedError


def macro_f1(y_true: Sequence[Hashable], y_pred: Sequence[Hashable]) -> float:
    raise NotImplementedError


def micro_f1(y_true: Sequence[Hashable], y_pred: Sequence[Hashable]) -> float:
    raise NotImplementedError
