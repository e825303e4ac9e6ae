"""Answers: retrieve passages, let the chat model answer with numbered citations, streamed.

Events: one `citations`, then `token`s, then a last event that is either `done` (with the mode
that answered) or `error` (the stream broke): a client always learns how the answer ended.
"""

from __future__ import annotations

import logging
# aieng:stage 5 begin
import time
# aieng:stage 5 stub
# aieng:stage 5 end
from collections.abc import Iterator, Sequence
# aieng:stage 5 begin
from dataclasses import asdict
# aieng:stage 5 stub
# aieng:stage 5 end
from typing import Any

# aieng:stage 5 begin
from ..errors import LLMUnavailable
# aieng:stage 5 stub
# aieng:stage 5 end
from ..ingestion.catalog import Catalog
from ..observability.metrics import Metrics
from ..retrieval.embedders import Embedder
from ..retrieval.hybrid import Retriever
# aieng:stage 5 begin
from .citations import Citation, MarkerFilter
# aieng:stage 5 stub
from .citations import Citation
# aieng:stage 5 end
from .llm import ChatModel, Message
# aieng:stage 5 begin
from .prompt import build_messages
# aieng:stage 5 stub
# aieng:stage 5 end

log = logging.getLogger(__name__)

OFFLINE_LABEL = "[OFFLINE FALLBACK - no language model wrote this answer]"
NOT_COVERED = "The indexed documents do not cover this question."


def offline_answer(citations: Sequence[Citation], reason: str) -> str:
    """The extractive fallback: the best passages, quoted with their citation numbers."""
    lines = [f"{OFFLINE_LABEL} ({reason}). The most relevant passages:"]
    for c in citations:
        snippet = " ".join(c.text.split())
        snippet = snippet if len(snippet) <= 700 else snippet[:697] + "..."
        lines.append(f"[{c.n}] {snippet} ({c.where})")
    return "\n\n".join(lines)


class RagService:
    def __init__(
        self,
        retriever: Retriever,
        catalog: Catalog,
        chat: ChatModel | None,
        default_collection: str = "default",
        metrics: Metrics | None = None,
    ) -> None:
        self.retriever = retriever
        self.catalog = catalog
        self.chat = chat
        self.default_collection = default_collection
        self.metrics = metrics

    @property
    def embedder(self) -> Embedder:
        """The live embedder (its label goes into eval runs)."""
        return self.retriever.embedder
    # aieng:stage 5 begin "Answers with citations, streamed"

    def retrieve(
        self,
        question: str,
        top_k: int | None = None,
        sources: Sequence[str] | None = None,
        collection: str | None = None,
        extra_collections: Sequence[str] = (),
    ) -> list[Citation]:
        """Relevant passages as numbered citations; `sources` limits them to some documents."""
        collection = collection or self.default_collection
        hashes = self.catalog.hashes_for(collection, sources) if sources else None
        if hashes is not None and not hashes:
            return []
        collections = [collection, *extra_collections]
        hits = self.retriever.retrieve(question, top_k, collections, hashes)
        docs: dict[str, dict] = {}
        for name in collections:
            wanted = [h.content_hash for h in hits if h.collection == name]
            docs[name] = self.catalog.by_hash(name, wanted)
        citations: list[Citation] = []
        for hit in hits:
            owners = docs[hit.collection].get(hit.content_hash)
            if not owners:  # written by an ingest that has not recorded its document yet
                continue
            doc = owners[0]
            citations.append(
                Citation(
                    n=len(citations) + 1,
                    doc_id=doc.doc_id,
                    source=doc.source,
                    collection=hit.collection,
                    heading=hit.heading,
                    page=hit.page,
                    chunk_index=hit.chunk_index,
                    score=round(hit.score, 6),
                    similarity=None if hit.similarity is None else round(hit.similarity, 4),
                    keyword_coverage=hit.keyword_coverage,
                    text=hit.text,
                )
            )
        return citations

    def stream(
        self,
        question: str,
        top_k: int | None = None,
        sources: Sequence[str] | None = None,
        collection: str | None = None,
        history: Sequence[Message] = (),
    ) -> Iterator[dict[str, Any]]:
        """Raises LLMUnavailable before the first event if retrieval cannot run (embedder down)."""
        citations = self.retrieve(question, top_k, sources, collection)
        yield {"type": "citations", "citations": [asdict(c) for c in citations]}
        if not citations:
            yield {"type": "token", "text": NOT_COVERED}
            yield {"type": "done", "mode": "not-covered"}
            return
        if self.chat is None:
            yield from self._fallback(citations, "offline mode")
            return
        markers = MarkerFilter({c.n for c in citations})
        started, sent = time.perf_counter(), False
        try:
            for piece in self.chat.stream(build_messages(question, citations, history)):
                text = markers.feed(piece)
                sent = True
                if text:
                    yield {"type": "token", "text": text}
        except LLMUnavailable as exc:
            if not sent:  # nothing streamed yet: answer from the passages instead
                yield from self._fallback(citations, str(exc))
                return
            log.warning("answer stream broke: %s", exc)
            yield {"type": "error", "message": str(exc)}
            return
        finally:
            if self.metrics and sent:
                self.metrics.llm_seconds.observe(time.perf_counter() - started)
        if tail := markers.flush():
            yield {"type": "token", "text": tail}
        if self.metrics and markers.removed:
            self.metrics.unknown_citations.inc(markers.removed)
        yield {
            "type": "done",
            "mode": "llm",
            "model": self.chat.name,
            "cited": sorted(markers.cited),
            "removed_markers": markers.removed,
        }
    # aieng:stage 5 stub

    def retrieve(
        self,
        question: str,
        top_k: int | None = None,
        sources: Sequence[str] | None = None,
        collection: str | None = None,
        extra_collections: Sequence[str] = (),
    ) -> list[Citation]:
        """Relevant passages as numbered citations; `sources` limits them to some documents.

        Search `collection` (default: `self.default_collection`) and `extra_collections` with
        `self.retriever.retrieve`. `sources` are document ids: `self.catalog.hashes_for`
        turns them into the content hashes to search (none found: no citations). Each hit
        names a content hash; `self.catalog.by_hash` gives the documents holding it: cite the
        first one (skip a hit whose document is not recorded yet). Number the citations 1, 2,
        ... in the retriever's order; round `score` to 6 places and `similarity` to 4.
        """
        raise NotImplementedError("stage 5: turn the retrieved hits into numbered citations")

    def stream(
        self,
        question: str,
        top_k: int | None = None,
        sources: Sequence[str] | None = None,
        collection: str | None = None,
        history: Sequence[Message] = (),
    ) -> Iterator[dict[str, Any]]:
        """The answer as events: `citations` first, then `token`s, then `done` or `error`.

        No citations: the token NOT_COVERED and `done` with mode "not-covered" (no model
        call). No chat model: `self._fallback`. Otherwise stream the chat model's answer to
        `build_messages(question, citations, history)` through a MarkerFilter of the valid
        citation numbers; `done` has mode "llm", `model`, `cited` (sorted numbers) and
        `removed_markers`. LLMUnavailable before any token: `self._fallback` with its
        reason; after one: an `error` event with the message. Count removed markers in
        `self.metrics.unknown_citations` and time the model in `self.metrics.llm_seconds`.
        """
        raise NotImplementedError("stage 5: stream the cited answer as events")
    # aieng:stage 5 end

    def _fallback(self, citations: Sequence[Citation], reason: str) -> Iterator[dict[str, Any]]:
        if self.metrics:
            self.metrics.fallbacks.inc()
        yield {"type": "token", "text": offline_answer(citations, reason)}
        yield {"type": "done", "mode": "offline-fallback", "reason": reason}

    def answer(
        self,
        question: str,
        top_k: int | None = None,
        sources: Sequence[str] | None = None,
        collection: str | None = None,
        history: Sequence[Message] = (),
    ) -> dict[str, Any]:
        """The whole stream collected into one JSON-ready answer."""
        result: dict[str, Any] = {"answer": "", "citations": [], "mode": None, "error": None}
        for event in self.stream(question, top_k, sources, collection, history):
            if event["type"] == "citations":
                result["citations"] = event["citations"]
            elif event["type"] == "token":
                result["answer"] += event["text"]
            elif event["type"] == "error":
                result["error"] = event["message"]
            else:
                result.update({k: v for k, v in event.items() if k != "type"})
        return result
