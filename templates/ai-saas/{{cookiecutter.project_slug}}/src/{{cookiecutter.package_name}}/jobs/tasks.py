"""Jobs run by the RQ worker. Each worker process keeps one database engine."""

from __future__ import annotations

import logging
import os
import socket
from functools import lru_cache

from .db import Database
from .documents import process_document
from .settings import Settings

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _database(url: str) -> Database:
    return Database(url)


def process_document_job(document_id: str) -> str:
    settings = Settings.from_env()
    label = f"worker:{socket.gethostname()}:{os.getpid()}"
    with _database(settings.database_url).session() as db:
        found = process_document(db, document_id, processed_by=label)
    log.info("document processed", extra={"document_id": document_id, "found": found})
    return "done" if found else "missing"
