"""Questions: streamed answers with citations, retrieval only, and the chat page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..access.keys import ApiKey
from ..errors import RagError
from ..services import Services
from .pages import page
from .security import check_collection_access, require

router = APIRouter()
QueryKey = Annotated[ApiKey, Depends(require("query"))]


def services_of(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services_of)]


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(max_length=8000)


class QueryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=4000)
    top_k: int | None = Field(None, ge=1, le=50)
    sources: list[str] | None = None
    """Only search these documents (by document id or source name)."""
    collection: str | None = None
    """The collection to search (default: the configured default collection)."""
    history: list[Turn] = Field(default_factory=list, max_length=20)
    """Earlier turns of a chat, oldest first (the chat page sends them)."""
    stream: bool = True
    """Stream NDJSON events (citations, tokens, done or error); false returns one JSON object."""


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=4000)
    top_k: int | None = Field(None, ge=1, le=50)
    sources: list[str] | None = None
    collection: str | None = None


def _collection(services: Services, key: ApiKey, name: str | None) -> str:
    collection = name or services.settings.default_collection
    check_collection_access(key, collection)
    return collection


@router.post("/query")
def query(body: QueryRequest, key: QueryKey, services: ServicesDep) -> Any:
    collection = _collection(services, key, body.collection)
    history = [t.model_dump() for t in body.history]
    if not body.stream:
        result = services.rag.answer(body.question, body.top_k, body.sources, collection, history)
        if result["error"]:  # the model broke off mid-answer: say so with the status too
            return JSONResponse({**result, "detail": result["error"]}, status_code=503)
        return result
    events = services.rag.stream(body.question, body.top_k, body.sources, collection, history)
    # Retrieval runs now, before any byte is sent: if the embedder is down this raises
    # LLMUnavailable and the client gets a 503 with the reason, not an empty 200.
    first = next(events)

    def lines() -> Iterator[str]:
        yield json.dumps(first) + "\n"
        try:
            for event in events:
                yield json.dumps(event) + "\n"
        except RagError as exc:  # anything after the first byte: end with an error event
            yield json.dumps({"type": "error", "message": str(exc)}) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.post("/search")
def search(body: SearchRequest, key: QueryKey, services: ServicesDep) -> dict:
    collection = _collection(services, key, body.collection)
    citations = services.rag.retrieve(body.query, body.top_k, body.sources, collection)
    return {"hits": [c.__dict__ for c in citations]}


@router.get("/chat", response_class=HTMLResponse, include_in_schema=False)
def chat_page(request: Request) -> str:
    """A static page; it asks for the key and sends it as a header (never a cookie)."""
    return page("chat.html", title=request.app.state.title)
