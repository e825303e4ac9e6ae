"""Embedders: Ollama's /api/embed, and a clearly labelled offline fallback that needs no model."""

from __future__ import annotations

import hashlib
import logging
# aieng:stage 2 begin
import math
# aieng:stage 2 stub
# aieng:stage 2 end
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
import ollama

# aieng:stage 2 begin
from ..answers.llm import OLLAMA_ERRORS, explain
# aieng:stage 2 stub
# aieng:stage 2 end
from ..config import Settings
from ..errors import LLMUnavailable

log = logging.getLogger(__name__)


class Embedder(Protocol):
    key: str
    """Names the vector space; part of the collection name so spaces never mix."""
    label: str
    """Shown in /health, the CLI and eval runs."""
    offline: bool
    min_similarity: float
    """Default relevance threshold: cosine similarity below it is noise for this embedder."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how i if in is it its my of on or "
    "our so that the their then there this to was we what when where which who why will with "
    "you your".split()
)


class HashingEmbedder:
    """OFFLINE FALLBACK, not a language model: hashed bag of words and character trigrams.

    Deterministic and weight-free, so it runs anywhere (tests, CI, a laptop without Ollama).
    It matches shared words, not meaning: good enough to demo and test retrieval, clearly
    worse than a real embedding model.
    """

    offline = True
    min_similarity = 0.2

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.key = f"offline-hash{dim}"
        self.label = f"offline fallback (hashed words + trigrams, {dim} dims; no model)"
        # Hashing dominated ingest time. A corpus reuses its words, so each word's features
        # (indexes and weights) are computed once; a text is then one numpy bincount.
        self._features = lru_cache(maxsize=100_000)(self._word_features)

    def _bucket(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "big")
        return value % self.dim, (1.0 if value >> 63 else -1.0)

    def _word_features(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        stem = word[:-1] if len(word) > 3 and word.endswith("s") else word
        padded = f"#{stem}#"
        features = [("w:" + stem, 1.0)] + [
            ("c:" + padded[i : i + 3], 0.25) for i in range(len(padded) - 2)
        ]
        indexes, weights = [], []
        for feature, weight in features:
            index, sign = self._bucket(feature)
            indexes.append(index)
            weights.append(weight * sign)
        return np.array(indexes, dtype=np.intp), np.array(weights)
    # aieng:stage 2 begin "Embed and store"

    def embed_one(self, text: str) -> list[float]:
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
        if not words:
            return [0.0] * self.dim
        parts = [self._features(word) for word in words]
        indexes = np.concatenate([p[0] for p in parts])
        weights = np.concatenate([p[1] for p in parts])
        vector = np.bincount(indexes, weights=weights, minlength=self.dim)
        norm = math.sqrt(float(vector @ vector))
        return (vector / norm).tolist() if norm else vector.tolist()
    # aieng:stage 2 stub

    def embed_one(self, text: str) -> list[float]:
        """A unit-length vector of `self.dim` floats for `text` (all zeros when it has no words).

        Words are the lower-case runs `_WORD` finds, minus `_STOPWORDS`. Each word's features
        come from `self._features(word)`: (indexes, signed weights) arrays, cached per word.
        Add every word's weights at their indexes (`np.bincount(..., minlength=self.dim)`
        does it in one call), then divide by the vector's length, so that the dot product of
        two vectors is their cosine similarity.
        """
        raise NotImplementedError("stage 2: sum the hashed word features and normalise them")
    # aieng:stage 2 end

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self.embed_one(text) for text in texts]


class OllamaEmbedder:
    """Embeddings from Ollama's /api/embed through the official client."""

    offline = False
    batch_size = 32
    min_similarity = 0.4

    def __init__(self, client: ollama.Client, model: str) -> None:
        self.client = client
        self.model = model
        self.key = "ollama-" + re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")
        self.label = f"ollama:{model}"
    # aieng:stage 2 begin

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            try:
                response = self.client.embed(model=self.model, input=batch)
            except OLLAMA_ERRORS as exc:
                raise LLMUnavailable(explain(exc, self.model)) from exc
            vectors.extend([float(x) for x in row] for row in response.embeddings)
        return vectors
    # aieng:stage 2 stub

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order, from Ollama's /api/embed.

        Send the texts `self.batch_size` at a time: `self.client.embed(model=self.model,
        input=batch)` returns `.embeddings`, one list of floats per input. Any of
        `OLLAMA_ERRORS` (from `..answers.llm`) becomes `LLMUnavailable(explain(exc,
        self.model))`, so the service can fall back or answer 503 with the reason.
        """
        raise NotImplementedError("stage 2: embed the texts through Ollama in batches")
    # aieng:stage 2 end


@dataclass
class EmbedderChoice:
    """The live embedder (so the live index), and why it was chosen."""

    embedder: Embedder
    reason: str
    waiting_for_ollama: bool = False
    """Chosen because Ollama was down at start-up: switch as soon as it answers again."""


def probe(embedder: Embedder) -> str | None:
    """None if the embedder works, else the one-line reason it does not."""
    try:
        embedder.embed(["probe"])
    except LLMUnavailable as exc:
        return str(exc)
    return None


def choose_embedder(
    settings: Settings, client: ollama.Client | None, spaces: dict[str, int]
) -> EmbedderChoice:
    """Ollama when it answers; if not, never silently swap a filled index for an empty one.

    Ollama down and its index already holds chunks: keep it (not ready, 503s) until Ollama is
    back. Ollama down and its index empty: the offline fallback, labelled, switching to Ollama
    when it returns (then /ready says which index is live and offers re-embedding).
    """
    if settings.offline or client is None:
        return EmbedderChoice(HashingEmbedder(), "offline mode (RAG_OFFLINE)")
    ollama_embedder = OllamaEmbedder(client, settings.embed_model)
    problem = probe(ollama_embedder)
    if problem is None:
        return EmbedderChoice(ollama_embedder, "Ollama answers")
    if spaces.get(ollama_embedder.key, 0) > 0:
        log.warning("%s; keeping the Ollama index (not ready until Ollama is back)", problem)
        return EmbedderChoice(ollama_embedder, f"Ollama index kept while {problem}")
    log.warning("%s; using the OFFLINE FALLBACK embedder (lower quality)", problem)
    reason = f"offline fallback: {problem}"
    return EmbedderChoice(HashingEmbedder(), reason, waiting_for_ollama=True)


def select_embedder(settings: Settings, client: ollama.Client | None) -> Embedder:
    """Ollama when it answers a probe, else the offline fallback (with a warning saying why)."""
    return choose_embedder(settings, client, {}).embedder
