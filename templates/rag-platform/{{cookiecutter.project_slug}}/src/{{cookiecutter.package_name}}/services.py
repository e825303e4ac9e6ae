"""Wires the parts together once; the API and the CLI both start from `build_services`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import ollama

from .access.keys import KeyStore
from .access.ratelimit import RateLimiter
from .answers.llm import ChatModel, OllamaChat, make_client
from .answers.service import RagService
from .config import Settings
from .ingestion.catalog import Catalog
from .ingestion.jobs import JobQueue
from .ingestion.pipeline import Ingestor
from .observability.evaluation import RunStore
from .observability.metrics import Metrics
from .retrieval.embedders import Embedder, EmbedderChoice, OllamaEmbedder, choose_embedder, probe
from .retrieval.hybrid import Retriever
from .retrieval.keyword import KeywordIndex
from .retrieval.rerank import LLMReranker
from .state import release
from .stores import VectorStore, open_store

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    choice: EmbedderChoice
    chat: ChatModel | None
    client: ollama.Client | None
    store: VectorStore
    keywords: KeywordIndex
    catalog: Catalog
    ingestor: Ingestor
    jobs: JobQueue
    retriever: Retriever
    rag: RagService
    keys: KeyStore
    runs: RunStore
    metrics: Metrics
    limiter: RateLimiter
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def embedder(self) -> Embedder:
        return self.choice.embedder

    def switch_embedder(self, choice: EmbedderChoice) -> None:
        """Make another embedder (and its index) live everywhere at once."""
        self.choice = choice
        self.store.use_space(choice.embedder.key)
        self.retriever.embedder = choice.embedder
        self.ingestor.embedder = choice.embedder

    def recover_embedder(self) -> bool:
        """If the fallback was chosen only because Ollama was down, switch back once it answers."""
        if not self.choice.waiting_for_ollama or self.client is None:
            return False
        ollama_embedder = OllamaEmbedder(self.client, self.settings.embed_model)
        if probe(ollama_embedder) is not None:
            return False
        log.warning("Ollama is back: the live index is now %s", ollama_embedder.key)
        self.switch_embedder(EmbedderChoice(ollama_embedder, "Ollama answers again"))
        return True

    def index_report(self) -> dict[str, Any]:
        """Which index is live, how full it is, and what the other indexes hold."""
        spaces = self.store.spaces()
        live = self.embedder.key
        report: dict[str, Any] = {
            "live": live,
            "embedder": self.embedder.label,
            "reason": self.choice.reason,
            "chunks": spaces.get(live, 0),
            "other_indexes": {k: n for k, n in spaces.items() if k != live},
            "stored_chunks": self.keywords.count(),
        }
        missing = report["stored_chunks"] - report["chunks"]
        if missing > 0:
            report["reembed"] = (
                f"{missing} stored chunks are not in the live index {live!r}: "
                "POST /reembed (admin) or run the `reembed` command"
            )
        return report

    def close(self) -> None:
        self.jobs.close()
        self.store.close()
        self.keywords.close()
        release(self.settings.state_db)


def build_services(
    settings: Settings, embedder: Embedder | None = None, chat: ChatModel | None = None
) -> Services:
    """Real Ollama-backed parts unless offline; tests pass their own embedder or chat model."""
    client = None if settings.offline else make_client(settings)
    store = open_store(settings, "pending")
    if embedder is None:
        choice = choose_embedder(settings, client, store.spaces())
    else:
        choice = EmbedderChoice(embedder, "given")
    store.use_space(choice.embedder.key)
    if chat is None and client is not None:
        chat = OllamaChat(client, settings.chat_model)
    metrics = Metrics()
    keywords = KeywordIndex(settings.keyword_db)
    catalog = Catalog(settings.state_db)
    ingestor = Ingestor(
        store,
        keywords,
        catalog,
        choice.embedder,
        settings.chunk_size,
        settings.chunk_overlap,
        settings.ingest_batch,
        metrics,
    )
    retriever = Retriever(
        choice.embedder,
        store,
        keywords,
        settings.top_k,
        settings.min_similarity,
        settings.min_keyword_coverage,
        LLMReranker(chat) if settings.rerank and chat is not None else None,
        metrics,
    )
    return Services(
        settings=settings,
        choice=choice,
        chat=chat,
        client=client,
        store=store,
        keywords=keywords,
        catalog=catalog,
        ingestor=ingestor,
        jobs=JobQueue(ingestor, settings.data_dir / "spool", metrics),
        retriever=retriever,
        rag=RagService(retriever, catalog, chat, settings.default_collection, metrics),
        keys=KeyStore(settings.state_db),
        runs=RunStore(settings.state_db),
        metrics=metrics,
        limiter=RateLimiter(settings.rate_limit_per_minute),
    )
