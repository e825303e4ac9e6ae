"""Okapi BM25 keyword scoring with Lucene's idf."""

import math
import re
from collections import Counter


def tokenize(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


class BM25:
    def __init__(self, docs: list[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        tokens = [tokenize(d) for d in docs]
        self.counts = [Counter(t) for t in tokens]
        self.lengths = [len(t) for t in tokens]
        self.avgdl = sum(self.lengths) / len(docs) if docs else 0.0
        self.df: Counter[str] = Counter(term for c in self.counts for term in c)

    def idf(self, term: str) -> float:
        n, total = self.df.get(term, 0), len(self.counts)
        return math.log((total - n + 0.5) / (n + 0.5) + 1)

    def score(self, query: str, i: int) -> float:
        counts, dl = self.counts[i], self.lengths[i]
        total = 0.0
        for term in set(tokenize(query)):
            tf = counts.get(term, 0)
            if tf:
                norm = self.k1 * (1 - self.b + self.b * dl / self.avgdl)
                total += self.idf(term) * tf * (self.k1 + 1) / (tf + norm)
        return total

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        scored = [(i, self.score(query, i)) for i in range(len(self.counts))]
        hits = sorted((p for p in scored if p[1] > 0), key=lambda p: (-p[1], p[0]))
        return hits[:k]
