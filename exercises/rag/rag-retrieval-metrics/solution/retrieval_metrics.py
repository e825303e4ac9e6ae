"""Ranking metrics for evaluating retrieval: recall@k, precision@k, MRR and nDCG@k."""

import math


def _top(retrieved: list[str], k: int) -> list[str]:
    if k < 1:
        raise ValueError("k must be at least 1")
    return list(dict.fromkeys(retrieved))[:k]


def recall_at_k(retrieved: list[str], relevant: set[str], k: int) -> float:
    if not relevant:
        raise ValueError("no relevant ids: recall is undefined")
    return len(set(_top(retrieved, k)) & relevant) / len(relevant)


def precision_at_k(retrieved: list[str], relevant: set[str], k: int) -> float:
    return len(set(_top(retrieved, k)) & relevant) / k


def reciprocal_rank(retrieved: list[str], relevant: set[str]) -> float:
    for position, doc_id in enumerate(dict.fromkeys(retrieved), start=1):
        if doc_id in relevant:
            return 1 / position
    return 0.0


def mean_reciprocal_rank(runs: list[tuple[list[str], set[str]]]) -> float:
    if not runs:
        raise ValueError("no runs")
    return sum(reciprocal_rank(r, rel) for r, rel in runs) / len(runs)


def _dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 1) for i, g in enumerate(gains, start=1))


def ndcg_at_k(retrieved: list[str], gains: dict[str, float], k: int) -> float:
    actual = _dcg([gains.get(doc_id, 0.0) for doc_id in _top(retrieved, k)])
    ideal = _dcg(sorted(gains.values(), reverse=True)[:k])
    return actual / ideal if ideal > 0 else 0.0
