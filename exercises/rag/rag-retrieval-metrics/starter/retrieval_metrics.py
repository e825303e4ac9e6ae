"""Ranking metrics for evaluating retrieval: recall@k, precision@k, MRR and nDCG@k."""

import math  # noqa: F401


def recall_at_k(retrieved: list[str], relevant: set[str], k: int) -> float:
    # TODO
    raise NotImplementedError


def precision_at_k(retrieved: list[str], relevant: set[str], k: int) -> float:
    # TODO
    raise NotImplementedError


def reciprocal_rank(retrieved: list[str], relevant: set[str]) -> float:
    # TODO
    raise NotImplementedError


def mean_reciprocal_rank(runs: list[tuple[list[str], set[str]]]) -> float:
    # TODO
    raise NotImplementedError


def ndcg_at_k(retrieved: list[str], gains: dict[str, float], k: int) -> float:
    # TODO
    raise NotImplementedError
