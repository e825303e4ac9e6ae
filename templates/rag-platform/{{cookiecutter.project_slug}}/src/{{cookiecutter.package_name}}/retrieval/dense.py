"""Vector retrieval: embed the question, ask the store for its nearest chunks."""

from __future__ import annotations

from collections.abc import Sequence

from ..stores.base import Hit, VectorStore
from .embedders import Embedder


def dense_search(
    embedder: Embedder,
    store: VectorStore,
    question: str,
    limit: int,
    collections: Sequence[str],
    content_hashes: Sequence[str] | None = None,
) -> list[Hit]:
    """Nearest chunks by cosine similarity; raises LLMUnavailable if the embedder is down."""
    vector = embedder.embed([question])[0]
    return store.search(vector, limit, collections, content_hashes)
