"""A scripted Ollama server on 127.0.0.1, so tests exercise the real `ollama` client over HTTP.

It speaks /api/version, /api/tags, /api/chat (NDJSON when stream=true) and /api/embed. Chat
answers come from a script: a queue of replies built with `say`, `call` and `plan`; when the
queue is empty, `default` answers (or the request fails loudly with HTTP 500).
"""

from __future__ import annotations

import json
import math
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = dict[str, Any]


def say(text: str) -> Reply:
    """An assistant message with text only."""
    return {"content": text}


def call(name: str, **arguments: Any) -> Reply:
    """An assistant message asking for one tool call."""
    return {"content": "", "tool_calls": [{"function": {"name": name, "arguments": arguments}}]}


def plan(*steps: tuple[str, str | None] | str) -> Reply:
    """A structured-output reply holding a plan: steps as "text" or ("text", "tool")."""
    items = [
        {"description": s, "tool": None} if isinstance(s, str) else {"description": s[0], "tool": s[1]} for s in steps
    ]
    return {"content": json.dumps({"steps": items})}


def embed_text(text: str, dims: int = 64) -> list[float]:
    """Deterministic bag-of-words vector: texts sharing words are close."""
    vector = [0.0] * dims
    for word in text.lower().replace(".", " ").replace(",", " ").split():
        vector[zlib.crc32(word.encode()) % dims] += 1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


class FakeOllama:
    """The server and its script. `requests` records every (path, body) it received."""

    def __init__(self) -> None:
        self.script: list[Reply | Callable[[dict[str, Any]], Reply]] = []
        self.default: Reply | None = None
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.models = ["llama3.2:latest", "nomic-embed-text:latest"]
        self.delay = 0.0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeOllama:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def queue(self, *replies: Reply | Callable[[dict[str, Any]], Reply]) -> None:
        self.script.extend(replies)

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [body for p, body in self.requests if p == path]

    # -- HTTP ---------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one response per connection; the end of a stream is EOF

            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                fake.requests.append((self.path, {}))
                if self.path == "/api/version":
                    self._json(200, {"version": "0.12.0"})
                elif self.path == "/api/tags":
                    self._json(200, {"models": [{"name": m, "model": m, "size": 1} for m in fake.models]})
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append((self.path, body))
                model = body.get("model", "")
                if model not in fake.models and f"{model}:latest" not in fake.models:
                    self._json(404, {"error": f"model '{model}' not found"})
                elif self.path == "/api/embed":
                    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                    self._json(200, {"model": model, "embeddings": [embed_text(t) for t in inputs]})
                elif self.path == "/api/chat":
                    self._chat(body)
                else:
                    self._json(404, {"error": "not found"})

            def _chat(self, body: dict[str, Any]) -> None:
                if fake.delay:
                    time.sleep(fake.delay)
                item = fake.script.pop(0) if fake.script else fake.default
                if item is None:
                    self._json(500, {"error": "fake ollama: the script is exhausted"})
                    return
                reply = item(body) if callable(item) else item
                if reply.get("status"):  # an HTTP error instead of an answer
                    self._json(reply["status"], {"error": reply.get("error", "")})
                    return
                message = {"role": "assistant", "content": reply.get("content", "")}
                if reply.get("tool_calls"):
                    message["tool_calls"] = reply["tool_calls"]
                base = {"model": body["model"], "created_at": "2026-01-01T00:00:00Z"}
                # Token counts as Ollama reports them on the last chunk (here: about 4 characters a token).
                counts = {
                    "prompt_eval_count": max(1, len(json.dumps(body.get("messages", []))) // 4),
                    "eval_count": max(1, len(json.dumps(message)) // 4),
                }
                if not body.get("stream", True):
                    self._json(200, {**base, "message": message, "done": True, "done_reason": "stop", **counts})
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()
                words = message["content"].split(" ")
                lines = [
                    {
                        **base,
                        "message": {"role": "assistant", "content": w + (" " if i < len(words) - 1 else "")},
                        "done": False,
                    }
                    for i, w in enumerate(words)
                    if w or len(words) == 1
                ]
                if message.get("tool_calls"):
                    lines.append(
                        {
                            **base,
                            "message": {
                                "role": "assistant",
                                "content": "",
                                "tool_calls": message["tool_calls"],
                            },
                            "done": False,
                        }
                    )
                if reply.get("error"):
                    lines.append({"error": reply["error"]})
                lines.append(
                    {
                        **base,
                        "message": {"role": "assistant", "content": ""},
                        "done": True,
                        "done_reason": "stop",
                        **counts,
                    }
                )
                for line in lines:
                    self.wfile.write((json.dumps(line) + "\n").encode())
                    self.wfile.flush()

        return Handler
