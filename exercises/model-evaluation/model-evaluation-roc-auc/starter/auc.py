"""Area under the ROC curve from ranks (Mann-Whitney U), ties counting one half."""

from collections.abc import Sequence


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    # TODO: average ranks for ties, then the U statistic
    raise NotImplementedError
