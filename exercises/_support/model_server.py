"""A scripted Ollama-API server on loopback, for exercises marked `needs: [model-server]`.

Loaded by `aieng practice` as a pytest plugin (`-p model_server`), it gives tests the fixture
`model_server`: a real HTTP server on 127.0.0.1 that answers /api/chat, /api/generate,
/api/embed, /api/tags and /api/version the way Ollama does, with replies the test scripts.
Standard library only; works with the `ollama` client and with plain urllib. See README.md.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

MODEL = "scripted"
DIM = 16


def hashed_embedding(text: str, dim: int = DIM) -> list[float]:
    """A deterministic bag-of-words vector (unit length): texts sharing words point alike."""
    vector = [0.0] * dim
    for word in text.lower().split():
        digest = hashlib.sha256(word.strip(".,!?;:").encode()).digest()
        vector[digest[0] % dim] += 1.0 if digest[1] % 2 == 0 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


class ModelServer:
    """What a test sees: `url`, `script(...)`, `requests`, `embed`."""

    def __init__(self) -> None:
        self.replies: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []  # {"path": ..., "body": {...}} in arrival order
        self.embed: Callable[[str], list[float]] = hashed_embedding
        self.lock = threading.Lock()
        self.url = ""

    def script(self, replies: list[dict[str, Any]]) -> None:
        """Queue replies for /api/chat and /api/generate, used one per request in order.

        A reply is a dict with any of: "content" (text), "tool_calls" (list of {"name",
        "arguments"}), "error" + "status" (an HTTP error), "delay" (seconds before answering).
        """
        with self.lock:
            self.replies.extend(replies)

    def _next(self) -> dict[str, Any]:
        with self.lock:
            return self.replies.pop(0) if self.replies else {"error": "no scripted reply left", "status": 500}

    @property
    def chats(self) -> list[dict[str, Any]]:
        """The bodies of the /api/chat requests received so far."""
        return [r["body"] for r in self.requests if r["path"] == "/api/chat"]


def _handler(server: ModelServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, payload: Any, stream: bool = False) -> None:
            lines = payload if stream else [payload]
            body = b"".join(json.dumps(item).encode() + b"\n" for item in lines)
            self.send_response(status)
            self.send_header("Content-Type", "application/x-ndjson" if stream else "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/api/version":
                self._send(200, {"version": "0.0.0-scripted"})
            elif self.path == "/api/tags":
                self._send(200, {"models": [{"name": MODEL, "model": MODEL, "size": 0, "digest": "0" * 64}]})
            else:
                self._send(404, {"error": f"unknown path {self.path}"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                self._send(400, {"error": "invalid JSON"})
                return
            with server.lock:
                server.requests.append({"path": self.path, "body": body})
            if self.path in ("/api/embed", "/api/embeddings"):
                self._embed(body)
            elif self.path in ("/api/chat", "/api/generate"):
                self._answer(body)
            else:
                self._send(404, {"error": f"unknown path {self.path}"})

        def _embed(self, body: dict[str, Any]) -> None:
            if self.path == "/api/embeddings":  # the old single-prompt endpoint
                self._send(200, {"embedding": server.embed(str(body.get("prompt", "")))})
                return
            texts = body.get("input", "")
            texts = [texts] if isinstance(texts, str) else list(texts)
            self._send(200, {"model": body.get("model", MODEL), "embeddings": [server.embed(str(t)) for t in texts]})

        def _answer(self, body: dict[str, Any]) -> None:
            reply = server._next()
            time.sleep(float(reply.get("delay", 0)))
            if "error" in reply:
                self._send(int(reply.get("status", 500)), {"error": reply["error"]})
                return
            content = str(reply.get("content", ""))
            base = {"model": body.get("model", MODEL), "created_at": "2026-01-01T00:00:00Z"}
            if self.path == "/api/generate":
                final = {**base, "response": content, "done": True, "done_reason": "stop"}
                parts = [{**base, "response": w, "done": False} for w in _pieces(content)]
            else:
                calls = [
                    {"function": {"name": c["name"], "arguments": c.get("arguments", {})}}
                    for c in reply.get("tool_calls", [])
                ]
                message: dict[str, Any] = {"role": "assistant", "content": content}
                if calls:
                    message["tool_calls"] = calls
                final = {**base, "message": message, "done": True, "done_reason": "stop"}
                chunk = {"role": "assistant"}
                parts = [{**base, "message": {**chunk, "content": w}, "done": False} for w in _pieces(content)]
                if calls:
                    parts = []  # Ollama sends tool calls whole, in the closing message
            if body.get("stream", True) is False:
                self._send(200, final)
                return
            # Streamed, the text comes in the chunks and the closing line carries none (as in Ollama).
            if self.path == "/api/generate":
                last = {**final, "response": ""}
            else:
                last = {**final, "message": {**final["message"], "content": ""}}
            self._send(200, [*parts, last], stream=True)

    return Handler


def _pieces(text: str) -> Iterator[str]:
    """Stream chunks: word by word, spaces kept."""
    words = text.split(" ")
    for i, word in enumerate(words):
        yield word if i == len(words) - 1 else word + " "


@pytest.fixture
def model_server() -> Iterator[ModelServer]:
    server = ModelServer()
    http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    http.daemon_threads = True
    server.url = f"http://127.0.0.1:{http.server_address[1]}"
    thread = threading.Thread(target=http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        http.shutdown()
        http.server_close()
