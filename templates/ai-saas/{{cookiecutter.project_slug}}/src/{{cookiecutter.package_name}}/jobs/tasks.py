"""Jobs run by the RQ worker. Each worker process keeps one database engine and embedder."""

from __future__ import annotations

import logging
# aieng:stage 6 begin
import os
import socket
from functools import lru_cache

from ..db import Database
from ..retrieval.documents import process_document
# aieng:stage 6 stub
from functools import lru_cache

from ..db import Database
# aieng:stage 6 end
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
# aieng:stage 6 begin


def process_document_job(document_id: str) -> str:
    """Process one document. An exception makes RQ retry it later (see jobs/queue.py)."""
    settings = Settings.from_env()
    label = f"worker:{socket.gethostname()}:{os.getpid()}"
    with _database(settings.database_url).session() as db:
        found = process_document(db, document_id, label, _embedder(settings))
    log.info("document processed", extra={"document_id": document_id, "found": found})
    return "done" if found else "missing"
# aieng:stage 6 stub


def process_document_job(document_id: str) -> str:
    """Process one document. An exception makes RQ retry it later (see jobs/queue.py).

    Runs in the worker process: read `Settings.from_env()`, open a session on this
    process's `_database(settings.database_url)` and call `process_document` with the
    label `worker:<hostname>:<pid>` and `_embedder(settings)`; return "done", or "missing"
    when the document was deleted meanwhile. See STAGES.md, stage 6.
    """
    raise NotImplementedError("stage 6: the worker's job: process one queued document")
# aieng:stage 6 end
