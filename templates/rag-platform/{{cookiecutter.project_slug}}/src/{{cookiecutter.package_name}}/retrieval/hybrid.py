"""Hybrid retrieval: BM25 and vector rankings fused by reciprocal rank, then a relevance threshold.

Fusion ranks; the threshold decides. A passage counts only if its cosine similarity clears the
embedder's threshold or it holds most of the question's (IDF-weighted) terms. When nothing
counts, the answer says the documents do not cover the question instead of citing noise.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
# aieng:stage 4 begin
from dataclasses import replace
# aieng:stage 4 stub
# aieng:stage 4 end

from ..observability.metrics import Metrics
from ..priority import search_first
from ..stores.base import Hit, VectorStore
from .dense import dense_search
from .embedders import Embedder
from .keyword import KeywordIndex
from .rerank import Reranker

RRF_K = 60
"""The usual reciprocal-rank-fusion constant: damps the weight of the very first ranks."""
CANDIDATES = 4
"""Each ranking contributes top_k x CANDIDATES candidates to the fusion."""
# aieng:stage 4 begin "Hybrid retrieval with a relevance threshold"


def fuse(rankings: Sequence[Sequence[Hit]], k: int = RRF_K) -> list[Hit]:
    """Reciprocal rank fusion: score = sum of 1 / (k + rank) over the rankings a hit is in."""
    merged: dict[tuple[str, str, int], Hit] = {}
    scores: dict[tuple[str, str, int], float] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            scores[hit.key] = scores.get(hit.key, 0.0) + 1 / (k + rank)
            seen = merged.get(hit.key)
            if seen is None:
                merged[hit.key] = hit
            else:
                merged[hit.key] = replace(
                    seen,
                    similarity=seen.similarity if seen.similarity is not None else hit.similarity,
                    keyword_coverage=(
                        seen.keyword_coverage
                        if seen.keyword_coverage is not None
                        else hit.keyword_coverage
                    ),
                )
    fused = [replace(hit, score=round(scores[key], 6)) for key, hit in merged.items()]
    return sorted(fused, key=lambda h: h.score, reverse=True)


def is_relevant(hit: Hit, min_similarity: float, min_keyword_coverage: float) -> bool:
    by_vector = hit.similarity is not None and hit.similarity >= min_similarity
    by_words = hit.keyword_coverage is not None and hit.keyword_coverage >= min_keyword_coverage
    return by_vector or by_words
# aieng:stage 4 stub


def fuse(rankings: Sequence[Sequence[Hit]], k: int = RRF_K) -> list[Hit]:
    """Reciprocal rank fusion: score = sum of 1 / (k + rank) over the rankings a hit is in.

    Ranks count from 1. A hit is the same hit in every ranking when its `key` is the same;
    the fused hit keeps the `similarity` and the `keyword_coverage` it has in any ranking
    (a vector hit has the one, a keyword hit the other). Return each hit once, its `score`
    the fused score rounded to 6 places, best first.
    """
    raise NotImplementedError("stage 4: fuse the rankings by reciprocal rank")


def is_relevant(hit: Hit, min_similarity: float, min_keyword_coverage: float) -> bool:
    """The relevance threshold: True when the hit's cosine similarity reaches `min_similarity`
    or its keyword coverage reaches `min_keyword_coverage` (either may be None: not found
    that way)."""
    raise NotImplementedError("stage 4: keep a hit by its similarity or its keyword coverage")
# aieng:stage 4 end


class Retriever:
    """Dense + keyword candidates, fused, thresholded, optionally reranked, cut to top k."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        keywords: KeywordIndex,
        top_k: int,
        min_similarity: float | None = None,
        min_keyword_coverage: float = 0.6,
        reranker: Reranker | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.keywords = keywords
        self.top_k = top_k
        self.min_similarity_setting = min_similarity
        self.min_keyword_coverage = min_keyword_coverage
        self.reranker = reranker
        self.metrics = metrics

    @property
    def min_similarity(self) -> float:
        if self.min_similarity_setting is not None:
            return self.min_similarity_setting
        return self.embedder.min_similarity

    @search_first
    def candidates(
        self,
        question: str,
        limit: int,
        collections: Sequence[str],
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        """Fused candidates before the threshold (what eval and debugging look at)."""
        dense = dense_search(
            self.embedder, self.store, question, limit, collections, content_hashes
        )
        lexical = self.keywords.search(question, limit, collections, content_hashes)
        return fuse([dense, lexical])

    @search_first
    def retrieve(
        self,
        question: str,
        top_k: int | None = None,
        collections: Sequence[str] = ("default",),
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        started = time.perf_counter()
        k = top_k or self.top_k
        fused = self.candidates(question, k * CANDIDATES, collections, content_hashes)
        relevant = [
            h for h in fused if is_relevant(h, self.min_similarity, self.min_keyword_coverage)
        ]
        if self.reranker is not None and relevant:
            relevant = self.reranker.rerank(question, relevant)
        if self.metrics:
            self.metrics.retrieval_seconds.observe(time.perf_counter() - started)
            self.metrics.below_threshold.inc(len(fused) - len(relevant))
        return relevant[:k]
