"""A loopback HTTP server that speaks the parts of Ollama's API this service uses."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from {{ cookiecutter.package_name }}.retrieval.embedders import HashingEmbedder


class FakeOllama:
    """Serves /api/version, /api/tags, /api/embed and /api/chat (streamed or not) on 127.0.0.1."""

    def __init__(self, models: tuple[str, ...] = ()) -> None:
        self.models = set(models)
        self.reply = ["Batteries are covered ", "for 2 years or 500 cycles ", "[1]."]
        self.fail_midstream = False
        self.judge_score = 0.9
        self.dead = False
        self.complete_reply: str | None = None
        """The content of non-streamed chat answers (default: a faithfulness judgement)."""
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self._embedder = HashingEmbedder(256)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeOllama:
        self._thread.start()
        return self

    def kill(self) -> None:
        """Die like a killed process: open connections get no answer, new ones are refused."""
        self.dead = True
        self.stop()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _dead(self) -> bool:
                if fake.dead:
                    self.close_connection = True
                return fake.dead

            def do_GET(self) -> None:
                if self._dead():
                    return
                fake.requests.append((self.path, {}))
                if self.path == "/api/version":
                    self._json(200, {"version": "0.0.0-fake"})
                elif self.path == "/api/tags":
                    self._json(
                        200, {"models": [{"model": m, "name": m} for m in sorted(fake.models)]}
                    )
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                if self._dead():
                    return
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append((self.path, body))
                if body.get("model") not in fake.models:
                    self._json(
                        404,
                        {"error": f'model "{body.get("model")}" not found, try pulling it first'},
                    )
                elif self.path == "/api/embed":
                    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                    self._json(
                        200, {"model": body["model"], "embeddings": fake._embedder.embed(inputs)}
                    )
                elif self.path == "/api/chat" and body.get("stream", True):
                    self._stream_chat(body["model"])
                elif self.path == "/api/chat":
                    content = fake.complete_reply or json.dumps(
                        {"faithful": fake.judge_score, "reason": "supported"}
                    )
                    self._json(
                        200,
                        {
                            "model": body["model"],
                            "done": True,
                            "message": {"role": "assistant", "content": content},
                        },
                    )
                else:
                    self._json(404, {"error": "not found"})

            def _stream_chat(self, model: str) -> None:
                lines = [
                    {"model": model, "done": False, "message": {"role": "assistant", "content": t}}
                    for t in fake.reply
                ]
                if fake.fail_midstream:
                    lines.append({"error": "the model runner crashed"})
                lines.append(
                    {"model": model, "done": True, "message": {"role": "assistant", "content": ""}}
                )
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for line in lines:
                    data = (json.dumps(line) + "\n").encode()
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.write(b"0\r\n\r\n")

        return Handler
