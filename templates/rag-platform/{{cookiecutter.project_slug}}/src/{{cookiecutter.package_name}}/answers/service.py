"""Answers: retrieve top-k chunks, let the chat model answer with numbered citations, streamed."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .embeddings import Embedder
from .errors import LLMUnavailable
from .llm import ChatModel, Message
from .metrics import Metrics
from .store import Hit, VectorStore

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You answer questions using only the numbered passages you are given. "
    "Cite every claim with the passage number in square brackets, like [1] or [2][3]. "
    "If the passages do not contain the answer, say that you do not know. Be concise."
)
OFFLINE_LABEL = "[OFFLINE FALLBACK - no language model wrote this answer]"


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    heading: str
    chunk_index: int
    score: float
    text: str


def citations_for(hits: Sequence[Hit]) -> list[Citation]:
    return [
        Citation(i, h.source, h.heading, h.chunk_index, round(h.score, 4), h.text)
        for i, h in enumerate(hits, start=1)
    ]


def build_messages(question: str, citations: Sequence[Citation]) -> list[Message]:
    passages = "\n\n".join(f"[{c.n}] (source: {c.source})\n{c.text}" for c in citations)
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Passages:\n\n{passages}\n\nQuestion: {question}"},
    ]


def offline_answer(citations: Sequence[Citation], reason: str) -> str:
    """The extractive fallback: the best passages, quoted with their citation numbers."""
    lines = [f"{OFFLINE_LABEL} ({reason}). The most relevant passages:"]
    for c in citations:
        where = f"{c.source} > {c.heading}" if c.heading else c.source
        snippet = " ".join(c.text.split())
        snippet = snippet if len(snippet) <= 700 else snippet[:697] + "..."
        lines.append(f"[{c.n}] {snippet} ({where})")
    return "\n\n".join(lines)


class RagService:
    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        chat: ChatModel | None,
        top_k: int,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.chat = chat
        self.top_k = top_k
        self.metrics = metrics

    def retrieve(
        self, question: str, top_k: int | None = None, sources: Sequence[str] | None = None
    ) -> list[Hit]:
        started = time.perf_counter()
        vector = self.embedder.embed([question])[0]
        hits = self.store.search(vector, top_k or self.top_k, sources)
        if self.metrics:
            self.metrics.retrieval_seconds.observe(time.perf_counter() - started)
        return hits

    def stream(
        self, question: str, top_k: int | None = None, sources: Sequence[str] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Events: one `citations`, then `token`s, then `done` with the mode that answered."""
        citations = citations_for(self.retrieve(question, top_k, sources))
        yield {"type": "citations", "citations": [asdict(c) for c in citations]}
        if not citations:
            yield {"type": "token", "text": "No indexed document matches this question."}
            yield {"type": "done", "mode": "empty"}
            return
        if self.chat is None:
            yield from self._fallback(citations, "offline mode")
            return
        started, sent = time.perf_counter(), False
        try:
            for token in self.chat.stream(build_messages(question, citations)):
                sent = True
                yield {"type": "token", "text": token}
        except LLMUnavailable as exc:
            if not sent:  # nothing streamed yet: answer from the passages instead
                yield from self._fallback(citations, str(exc))
                return
            log.warning("answer stream broke: %s", exc)
            yield {"type": "error", "message": str(exc)}
        finally:
            if self.metrics and sent:
                self.metrics.llm_seconds.observe(time.perf_counter() - started)
        yield {"type": "done", "mode": "llm", "model": self.chat.name}

    def _fallback(self, citations: Sequence[Citation], reason: str) -> Iterator[dict[str, Any]]:
        if self.metrics:
            self.metrics.fallbacks.inc()
        yield {"type": "token", "text": offline_answer(citations, reason)}
        yield {"type": "done", "mode": "offline-fallback", "reason": reason}

    def answer(
        self, question: str, top_k: int | None = None, sources: Sequence[str] | None = None
    ) -> dict[str, Any]:
        """The whole stream collected into one JSON-ready answer."""
        result: dict[str, Any] = {"answer": "", "citations": [], "mode": None, "error": None}
        for event in self.stream(question, top_k, sources):
            if event["type"] == "citations":
                result["citations"] = event["citations"]
            elif event["type"] == "token":
                result["answer"] += event["text"]
            elif event["type"] == "error":
                result["error"] = event["message"]
            else:
                result["mode"] = event["mode"]
        return result
