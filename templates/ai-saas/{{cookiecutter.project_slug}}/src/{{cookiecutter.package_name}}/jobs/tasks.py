"""Jobs run by the RQ worker. Each worker process keeps one database engine and embedder."""

from __future__ import annotations

import logging
import os
import socket
from functools import lru_cache

from ..db import Database
from ..retrieval.documents import process_document
from ..retrieval.embeddings import Embedder, embedder_for
from ..settings import Settings

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _database(url: str) -> Database:
    return Database(url)


_embedders: dict[tuple[str, str, str], Embedder] = {}


def _embedder(settings: Settings) -> Embedder:
    key = (settings.embeddings, settings.ollama_host, settings.ollama_embed_model)
    if key not in _embedders:
        _embedders[key] = embedder_for(settings)
    return _embedders[key]


def process_document_job(document_id: str) -> str:
    """Process one document. An exception makes RQ retry it later (see jobs/queue.py)."""
    settings = Settings.from_env()
    label = f"worker:{socket.gethostname()}:{os.getpid()}"
    with _database(settings.database_url).session() as db:
        found = process_document(db, document_id, label, _embedder(settings))
    log.info("document processed", extra={"document_id": document_id, "found": found})
    return "done" if found else "missing"
