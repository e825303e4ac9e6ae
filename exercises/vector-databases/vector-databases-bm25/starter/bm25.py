"""Okapi BM25 keyword scoring with Lucene's idf."""

import math  # noqa: F401
import re  # noqa: F401
from collections import Counter  # noqa: F401


def tokenize(text: str) -> list[str]:
    # TODO
    raise NotImplementedError


class BM25:
    def __init__(self, docs: list[str], k1: float = 1.5, b: float = 0.75) -> None:
        # TODO: term counts and lengths per document, average length, document frequency per term
        raise NotImplementedError

    def idf(self, term: str) -> float:
        # TODO
        raise NotImplementedError

    def score(self, query: str, i: int) -> float:
        # TODO
        raise NotImplementedError

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        # TODO
        raise NotImplementedError
