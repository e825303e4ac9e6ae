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
    # aieng:stage 3 begin
    vector = embedder.embed([question])[0]
    return store.search(vector, limit, collections, content_hashes)
    # aieng:stage 3 stub
    # Embed the question with the same embedder as the chunks (one text), then ask the store.
    raise NotImplementedError("stage 3: embed the question and search the store with it")
    # aieng:stage 3 end
