"""An idempotent ingestion worker for at-least-once, possibly out-of-order queue messages."""

import hashlib  # noqa: F401
from collections.abc import Callable


def chunk_key(doc_id: str, text: str) -> str:
    """'<doc_id>:<first 16 hex chars of the text's sha256>'."""
    # TODO
    raise NotImplementedError


class IngestWorker:
    def __init__(self, embed: Callable[[list[str]], list[list[float]]]) -> None:
        self.embed = embed
        self.index: dict[str, dict] = {}
        # TODO: handled message ids and the last version seen per document

    def handle(self, message: dict) -> str:
        """'duplicate', 'stale', 'upserted' or 'deleted'."""
        # TODO
        raise NotImplementedError
