"""The store interface every engine implements, and the records that cross it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

_NAMESPACE = uuid.UUID("6f1c5d2e-7a34-4b8e-9c1d-2e3f4a5b6c7d")


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as stored: identical content is stored once per collection, keyed by its hash."""

    collection: str
    content_hash: str
    chunk_index: int
    heading: str
    page: int | None
    text: str

    @property
    def point_id(self) -> str:
        key = f"{self.collection}\x00{self.content_hash}\x00{self.chunk_index}"
        return str(uuid.uuid5(_NAMESPACE, key))


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk. `score` is the fused rank score; the parts say why it was found."""

    collection: str
    content_hash: str
    chunk_index: int
    heading: str
    page: int | None
    text: str
    score: float
    similarity: float | None = None
    """Cosine similarity to the question (None: found by keywords only)."""
    keyword_coverage: float | None = None
    """IDF-weighted share of the question's terms in the chunk (None: found by vectors only)."""

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.collection, self.content_hash, self.chunk_index)


class VectorStore(Protocol):
    """Dense vectors of chunks, one index ("space") per embedder so vector spaces never mix."""

    space: str

    def describe(self) -> str: ...

    def use_space(self, space: str) -> None:
        """Switch to another embedder's index (an embedder switch)."""

    def spaces(self) -> dict[str, int]:
        """Every index this store holds, with its number of chunks."""

    def has_content(self, collection: str, content_hash: str) -> bool: ...

    def upsert(self, chunks: Sequence[StoredChunk], vectors: Sequence[Sequence[float]]) -> None: ...

    def delete_content(self, collection: str, content_hash: str, chunks: int) -> int:
        """Remove the `chunks` chunks of one content hash; return how many that was."""

    def search(
        self,
        vector: Sequence[float],
        limit: int,
        collections: Sequence[str],
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        """Nearest chunks by cosine similarity (`score` and `similarity` both the cosine)."""

    def count(self) -> int: ...

    def close(self) -> None: ...
