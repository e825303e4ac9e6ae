"""Embeddings: Ollama's embedding model, or a clearly labelled offline stand-in.

The offline embedder hashes words and word pairs into a fixed-size vector: no model, no
network, deterministic. It finds passages that share words with the question (like keyword
search) and keeps the whole pipeline - storage, index, hybrid ranking - working offline.
Each chunk records which embedder made its vector; a question is only compared with vectors
of the same embedder.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections.abc import Sequence
from typing import Protocol

import httpx

from ..settings import Settings

log = logging.getLogger(__name__)
DIMENSIONS = 256
_WORD = re.compile(r"[a-z0-9]+")


class Embedder(Protocol):
    name: str
    """Stored with each vector: `offline-hash-256` or `ollama:<model>`."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class OfflineEmbedder:
    """Feature hashing of words and word pairs (labelled offline; no model needed)."""

    name = f"offline-hash-{DIMENSIONS}"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._one(text) for text in texts]

    @staticmethod
    def _one(text: str) -> list[float]:
        vector = [0.0] * DIMENSIONS
        words = _WORD.findall(text.lower())
        for feature in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % DIMENSIONS
            vector[index] += 1.0 if digest[4] & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]


class OllamaEmbedder:
    """Ollama's /api/embed through the official client, with a timeout."""

    def __init__(self, host: str, model: str, timeout: float) -> None:
        import ollama

        self.name = f"ollama:{model}"
        self.model = model
        self._client = ollama.Client(host=host, timeout=timeout)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        response = self._client.embed(model=self.model, input=list(texts))
        return [list(map(float, vector)) for vector in response.embeddings]


def _ollama_has(settings: Settings) -> bool:
    try:
        reply = httpx.get(f"{settings.ollama_host.rstrip('/')}/api/tags", timeout=2.0)
        names = {m.get("model", m.get("name", "")) for m in reply.json().get("models", [])}
    except (httpx.HTTPError, ValueError):
        return False
    wanted = settings.ollama_embed_model
    return any(n == wanted or n.split(":")[0] == wanted.split(":")[0] for n in names)


def embedder_for(settings: Settings) -> Embedder:
    """`ollama`, `offline`, or `auto`: Ollama when it serves the embedding model, else offline."""
    if settings.embeddings == "ollama" or (settings.embeddings == "auto" and _ollama_has(settings)):
        return OllamaEmbedder(
            settings.ollama_host, settings.ollama_embed_model, settings.ollama_timeout
        )
    if settings.embeddings == "auto":
        log.info("embeddings: offline hashing (Ollama embedding model not available)")
    return OfflineEmbedder()
