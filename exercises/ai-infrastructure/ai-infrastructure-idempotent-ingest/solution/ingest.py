"""An idempotent ingestion worker for at-least-once, possibly out-of-order queue messages."""

import hashlib
from collections.abc import Callable


def chunk_key(doc_id: str, text: str) -> str:
    """'<doc_id>:<first 16 hex chars of the text's sha256>'."""
    return f"{doc_id}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


class IngestWorker:
    def __init__(self, embed: Callable[[list[str]], list[list[float]]]) -> None:
        self.embed = embed
        self.index: dict[str, dict] = {}
        self._seen_messages: set[str] = set()
        self._versions: dict[str, int] = {}

    def _doc_keys(self, doc_id: str) -> set[str]:
        return {k for k, v in self.index.items() if v["doc_id"] == doc_id}

    def handle(self, message: dict) -> str:
        """'duplicate', 'stale', 'upserted' or 'deleted'."""
        if message["message_id"] in self._seen_messages:
            return "duplicate"
        self._seen_messages.add(message["message_id"])
        doc_id, version = message["doc_id"], message["version"]
        if doc_id in self._versions and version <= self._versions[doc_id]:
            return "stale"
        self._versions[doc_id] = version
        old = self._doc_keys(doc_id)
        if message["type"] == "delete":
            for key in old:
                del self.index[key]
            return "deleted"
        wanted = {chunk_key(doc_id, text): text for text in message["chunks"]}
        new = [(key, text) for key, text in wanted.items() if key not in old]
        if new:
            vectors = self.embed([text for _, text in new])
            for (key, text), vector in zip(new, vectors, strict=True):
                self.index[key] = {"doc_id": doc_id, "text": text, "vector": vector}
        for key in old - set(wanted):
            del self.index[key]
        return "upserted"
