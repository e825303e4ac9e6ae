"""Optional reranking behind a small interface: an LLM reranker through Ollama, off by default."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from pydantic import BaseModel, Field, ValidationError

from ..answers.llm import ChatModel
from ..errors import LLMUnavailable
from ..stores.base import Hit

log = logging.getLogger(__name__)


class Reranker(Protocol):
    def rerank(self, question: str, hits: Sequence[Hit]) -> list[Hit]: ...


class Scores(BaseModel):
    scores: list[float] = Field(description="relevance 0-10 of each passage, in order")


class LLMReranker:
    """One structured-output call scores every passage; on any failure the order is kept."""

    def __init__(self, chat: ChatModel) -> None:
        self.chat = chat

    def rerank(self, question: str, hits: Sequence[Hit]) -> list[Hit]:
        passages = "\n\n".join(
            f"<passage n={i}>\n{h.text}\n</passage>" for i, h in enumerate(hits, 1)
        )
        prompt = (
            f"Question: {question}\n\n{passages}\n\nScore how well each passage answers the "
            "question, 0 (not at all) to 10 (fully). Reply as JSON with one score per passage."
        )
        try:
            raw = self.chat.complete(
                [{"role": "user", "content": prompt}], schema=Scores.model_json_schema()
            )
            scores = Scores.model_validate_json(raw).scores
        except (LLMUnavailable, ValidationError) as exc:
            log.warning("rerank skipped: %s", exc)
            return list(hits)
        if len(scores) != len(hits):
            log.warning("rerank skipped: %d scores for %d passages", len(scores), len(hits))
            return list(hits)
        ranked = sorted(zip(scores, hits, strict=True), key=lambda pair: -pair[0])
        return [replace(hit, score=float(score)) for score, hit in ranked]
