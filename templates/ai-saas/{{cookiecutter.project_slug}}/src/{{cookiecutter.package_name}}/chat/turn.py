"""One chat turn: meter it, retrieve sources, stream the model's answer, save it with citations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..db import Database
from ..errors import BadRequest
from ..flavours import Flavour
from ..limits.quotas import add_tokens, check_and_record
from ..models import Chat, Message
from ..retrieval.embeddings import Embedder
from ..retrieval.search import Hit, search
from ..settings import Settings
from ..workspaces.access import Access
from ..workspaces.scoped import chat_messages
from .llm import ChatModel, LLMUnavailable

MAX_QUESTION_CHARS = 4000
HISTORY_MESSAGES = 6
OFFLINE_LABEL = "Offline answer (no language model)"
_CITATION = re.compile(r"\[(\d{1,2})\]")


@dataclass(frozen=True)
class Turn:
    """Everything the streaming part needs, prepared (and committed) inside the request."""

    workspace_id: str
    chat_id: str
    usage_event_id: int
    question: str
    hits: list[Hit]
    messages: list[dict[str, str]]
# aieng:stage 4 begin


def build_messages(
    flavour: Flavour, history: list[Message], question: str, hits: list[Hit]
) -> list[dict[str, str]]:
    """The prompt: instructions with the numbered sources, recent history, the question."""
    if hits:
        sources = "\n\n".join(f"[{h.n}] {h.title}\n{h.text}" for h in hits)
    else:
        sources = "(no matching documents in this workspace)"
    messages = [{"role": "system", "content": f"{flavour.system_prompt}\n\nSources:\n{sources}"}]
    messages += [{"role": m.role, "content": m.content} for m in history[-HISTORY_MESSAGES:]]
    messages.append({"role": "user", "content": question})
    return messages
# aieng:stage 4 stub


def build_messages(
    flavour: Flavour, history: list[Message], question: str, hits: list[Hit]
) -> list[dict[str, str]]:
    """The prompt: instructions with the numbered sources, recent history, the question.

    One system message: `flavour.system_prompt`, a blank line, `Sources:` and each hit as
    `[n] title` with its text on the next line (blank lines between hits), or the line
    `(no matching documents in this workspace)`; then the last HISTORY_MESSAGES messages
    of `history` as {"role", "content"}; then the question as the user's message.
    See STAGES.md, stage 4.
    """
    raise NotImplementedError("stage 4: build the prompt with the numbered sources")
# aieng:stage 4 end


def prepare_turn(
    db: Session,
    settings: Settings,
    flavour: Flavour,
    embedder: Embedder,
    access: Access,
    chat: Chat,
    question: str,
) -> Turn:
    question = question.strip()
    if not question:
        raise BadRequest("Type a question first.")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadRequest(f"Questions are limited to {MAX_QUESTION_CHARS} characters.")
    event = check_and_record(db, settings, access.workspace, "chat")
    history = chat_messages(db, access, chat)
    hits = search(db, access.workspace.id, question, embedder)
    db.add(
        Message(chat_id=chat.id, workspace_id=access.workspace.id, role="user", content=question)
    )
    if chat.title == "New chat":
        chat.title = question[:60]
    db.commit()
    return Turn(
        workspace_id=access.workspace.id,
        chat_id=chat.id,
        usage_event_id=event.id,
        question=question,
        hits=hits,
        messages=build_messages(flavour, history, question, hits),
    )


def offline_answer(hits: list[Hit], reason: str) -> str:
    if not hits:
        return f"{OFFLINE_LABEL}: {reason}. No passage in this workspace matches the question."
    lines = [f"{OFFLINE_LABEL}: {reason}. The most relevant passages in your documents:"]
    for hit in hits:
        excerpt = " ".join(hit.text.split())[:280]
        lines.append(f"[{hit.n}] {hit.title}: {excerpt}")
    return "\n\n".join(lines)
# aieng:stage 4 begin


def citations_for(answer: str, hits: list[Hit], cite_all: bool = False) -> list[dict]:
    """The sources an answer cites ([n] markers), in order of first mention.

    When the model wrote no marker at all, every retrieved source is shown: the answer was
    grounded in them, and the reader must be able to check it.
    """
    by_number = {h.n: h for h in hits}
    numbers = [h.n for h in hits] if cite_all else []
    for match in _CITATION.finditer(answer):
        n = int(match.group(1))
        if n in by_number and n not in numbers:
            numbers.append(n)
    if not numbers:
        numbers = [h.n for h in hits]
    return [
        {
            "n": n,
            "document_id": by_number[n].document_id,
            "title": by_number[n].title,
            "excerpt": " ".join(by_number[n].text.split())[:200],
        }
        for n in numbers
    ]
# aieng:stage 4 stub


def citations_for(answer: str, hits: list[Hit], cite_all: bool = False) -> list[dict]:
    """The sources an answer cites ([n] markers), in order of first mention.

    Only numbers of retrieved hits count, each once. When the answer cites none (or
    `cite_all` is set, for offline answers) every hit is cited. Each citation is a dict:
    n, document_id, title and an excerpt (the hit's text with whitespace collapsed, at most
    200 characters). See STAGES.md, stage 4.
    """
    raise NotImplementedError("stage 4: find the [n] sources the answer cites")
# aieng:stage 4 end


def message_dict(message: Message) -> dict:
    return {
        "id": message.id,
        "role": message.role,
        "content": message.content,
        "citations": message.citations,
        "model": message.model,
        "offline": message.offline,
        "tokens": message.tokens,
        "created_at": message.created_at.isoformat() + "Z",
    }


def run_turn(database: Database, model: ChatModel, turn: Turn) -> Iterator[dict]:
    """Stream events: {"type": "token", "text"} ..., then {"type": "done", "message"}.

    The answer is saved and its tokens metered even when the client goes away mid-stream
    (the generator is closed at a `yield`), so disconnecting early does not dodge the quota.
    """
    parts: list[str] = []
    counts = [0, 0]  # prompt, completion tokens as reported by the model
    offline = False
    payload: dict = {}
    try:
        try:
            for chunk in model.stream(turn.messages):
                if chunk.text:
                    parts.append(chunk.text)
                    yield {"type": "token", "text": chunk.text}
                if chunk.done:
                    counts = [chunk.prompt_tokens, chunk.completion_tokens]
        except LLMUnavailable as exc:
            offline = not parts
            note = (
                offline_answer(turn.hits, str(exc))
                if offline
                else f"\n\n[Answer interrupted: {exc}]"
            )
            parts.append(note)
            yield {"type": "token", "text": note}
    finally:
        payload = _save_answer(database, model, turn, "".join(parts), sum(counts), offline)
    yield {"type": "done", "message": payload}


def _save_answer(
    database: Database, model: ChatModel, turn: Turn, answer: str, tokens: int, offline: bool
) -> dict:
    if offline:
        tokens = 0
    elif tokens == 0:  # a model that reports no counts: estimate (~4 characters a token)
        tokens = (sum(len(m["content"]) for m in turn.messages) + len(answer)) // 4
    with database.session() as db:
        message = Message(
            chat_id=turn.chat_id,
            workspace_id=turn.workspace_id,
            role="assistant",
            content=answer,
            citations=citations_for(answer, turn.hits, cite_all=offline),
            model=None if offline else model.name,
            offline=offline,
            tokens=tokens,
        )
        db.add(message)
        add_tokens(db, turn.usage_event_id, tokens)
        db.flush()
        return message_dict(message)
