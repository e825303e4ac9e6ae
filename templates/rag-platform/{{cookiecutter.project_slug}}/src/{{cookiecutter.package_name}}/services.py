"""Wires the parts together once; the API and the CLI both start from `build_services`."""

from __future__ import annotations

from dataclasses import dataclass

from .auth import KeyStore
from .config import Settings
from .embeddings import Embedder, select_embedder
from .evaluation import RunStore
from .ingest import Ingestor
from .llm import ChatModel, OllamaChat, make_client
from .metrics import Metrics
from .rag import RagService
from .store import VectorStore


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    chat: ChatModel | None
    store: VectorStore
    ingestor: Ingestor
    rag: RagService
    keys: KeyStore
    runs: RunStore
    metrics: Metrics

    def close(self) -> None:
        self.store.close()


def build_services(
    settings: Settings, embedder: Embedder | None = None, chat: ChatModel | None = None
) -> Services:
    """Real Ollama-backed parts unless offline; tests pass their own embedder or chat model."""
    client = None if settings.offline else make_client(settings)
    if embedder is None:
        embedder = select_embedder(settings, client)
    if chat is None and client is not None:
        chat = OllamaChat(client, settings.chat_model)
    metrics = Metrics()
    store = VectorStore(settings, embedder.key)
    return Services(
        settings=settings,
        embedder=embedder,
        chat=chat,
        store=store,
        ingestor=Ingestor(store, embedder, settings.chunk_size, settings.chunk_overlap, metrics),
        rag=RagService(store, embedder, chat, settings.top_k, metrics),
        keys=KeyStore(settings.state_db),
        runs=RunStore(settings.state_db),
        metrics=metrics,
    )
