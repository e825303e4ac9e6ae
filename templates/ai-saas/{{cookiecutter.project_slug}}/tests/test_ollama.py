"""The Ollama seam against a loopback HTTP server that speaks Ollama's /api/chat (no network)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import add_document, api_sign_up, ask, new_chat

from {{ cookiecutter.package_name }}.chat.llm import LLMUnavailable, OllamaChat
from {{ cookiecutter.package_name }}.retrieval.embeddings import OfflineEmbedder, OllamaEmbedder, embedder_for
from {{ cookiecutter.package_name }}.settings import Settings


class FakeOllama(BaseHTTPRequestHandler):
    """Behaviour per model name: "good", "midstream-error"; any other model is "not pulled"."""

    requests: list[dict] = []

    def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output quiet
        pass

    def _send(self, status: int, lines: list[dict]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        for line in lines:
            self.wfile.write((json.dumps(line) + "\n").encode())
            self.wfile.flush()

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/api/version":
            self._send(200, [{"version": "0.0.0-test"}])
        elif self.path == "/api/tags":
            self._send(200, [{"models": [{"model": "embed-good:latest", "name": "embed-good"}]}])
        else:
            self._send(404, [{"error": "not found"}])

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOllama.requests.append(body)
        model = body["model"]
        if self.path == "/api/embed":  # vectors from the offline embedder, 256 numbers each
            if model != "embed-good":
                self._send(404, [{"error": f"model '{model}' not found"}])
                return
            vectors = OfflineEmbedder().embed(body["input"])
            self._send(200, [{"model": model, "embeddings": vectors}])
            return

        def part(text: str, done: bool = False, **extra) -> dict:  # noqa: ANN003
            return {
                "model": model,
                "created_at": "2025-01-01T00:00:00Z",
                "message": {"role": "assistant", "content": text},
                "done": done,
                **extra,
            }

        if model == "good":
            self._send(
                200,
                [
                    part("Refunds take "),
                    part("14 days [1]."),
                    part("", True, done_reason="stop", prompt_eval_count=30, eval_count=7),
                ],
            )
        elif model == "midstream-error":
            self._send(200, [part("Partial "), {"error": "model runner crashed"}])
        else:
            self._send(404, [{"error": f"model '{model}' not found"}])


@pytest.fixture
def ollama_host() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOllama)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOllama.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


MESSAGES = [{"role": "user", "content": "hi"}]


def test_streams_tokens_and_reports_token_counts(ollama_host: str) -> None:
    chunks = list(OllamaChat(ollama_host, "good", timeout=5).stream(MESSAGES))
    assert "".join(c.text for c in chunks) == "Refunds take 14 days [1]."
    assert chunks[-1].done and chunks[-1].prompt_tokens == 30 and chunks[-1].completion_tokens == 7
    assert FakeOllama.requests[0]["stream"] is True
    assert FakeOllama.requests[0]["messages"] == MESSAGES


def test_missing_model_says_how_to_pull_it(ollama_host: str) -> None:
    with pytest.raises(LLMUnavailable, match="ollama pull llama-missing"):
        list(OllamaChat(ollama_host, "llama-missing", timeout=5).stream(MESSAGES))


def test_error_line_mid_stream_is_unavailable(ollama_host: str) -> None:
    stream = OllamaChat(ollama_host, "midstream-error", timeout=5).stream(MESSAGES)
    assert next(stream).text == "Partial "
    with pytest.raises(LLMUnavailable, match="model runner crashed"):
        list(stream)


def test_refused_connection_is_unavailable() -> None:
    host = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(LLMUnavailable, match="not reachable|did not answer"):
        list(OllamaChat(host, "good", timeout=2).stream(MESSAGES))
    assert OllamaChat(host, "good", timeout=2).health() is None


def test_health_reads_the_version(ollama_host: str) -> None:
    assert OllamaChat(ollama_host, "good", timeout=5).health() == "0.0.0-test"


@pytest.mark.stage(4)
def test_app_chats_through_ollama_with_citations(make_client, ollama_host: str) -> None:
    model = OllamaChat(ollama_host, "good", timeout=5)
    client = make_client(model=model)
    headers, ws = api_sign_up(client, "ada@example.com")
    doc = add_document(client, headers, ws, "Refund policy", "Refunds are paid within 14 days.")
    chat = new_chat(client, headers, ws)
    message = ask(client, headers, ws, chat, "How long do refunds take?").json()
    assert message["content"] == "Refunds take 14 days [1]."
    assert message["citations"][0]["document_id"] == doc["id"]
    assert message["model"] == "good" and message["tokens"] == 37
    assert "Refunds are paid within 14 days." in FakeOllama.requests[0]["messages"][0]["content"]
    ready = client.get("/readyz").json()
    assert ready["checks"]["model"] == "ok (0.0.0-test)"


@pytest.mark.stage(4)
def test_app_marks_an_interrupted_answer(make_client, ollama_host: str) -> None:
    client = make_client(model=OllamaChat(ollama_host, "midstream-error", timeout=5))
    headers, ws = api_sign_up(client, "ada@example.com")
    chat = new_chat(client, headers, ws)
    message = ask(client, headers, ws, chat, "anything").json()
    assert message["content"].startswith("Partial ")
    assert "[Answer interrupted: Ollama error: model runner crashed]" in message["content"]
    assert message["offline"] is False


def test_embeddings_through_ollama(ollama_host: str) -> None:
    embedder = OllamaEmbedder(ollama_host, "embed-good", timeout=5)
    vectors = embedder.embed(["refund policy", "deploy runbook"])
    assert len(vectors) == 2 and len(vectors[0]) == 256 and embedder.name == "ollama:embed-good"
    assert FakeOllama.requests[-1]["input"] == ["refund policy", "deploy runbook"]


def test_auto_embeddings_pick_ollama_only_when_it_serves_the_model(ollama_host: str) -> None:
    served = Settings(ollama_host=ollama_host, ollama_embed_model="embed-good")
    assert embedder_for(served).name == "ollama:embed-good"
    missing = Settings(ollama_host=ollama_host, ollama_embed_model="nomic-embed-text")
    assert embedder_for(missing).name == "offline-hash-256"
    down = Settings(ollama_host=f"http://127.0.0.1:{_closed_port()}")
    assert embedder_for(down).name == "offline-hash-256"


@pytest.mark.stage(4)
def test_documents_are_embedded_by_ollama_and_found_by_vector(make_client, ollama_host) -> None:
    client = make_client()
    client.app.state.embedder = OllamaEmbedder(ollama_host, "embed-good", timeout=5)
    client.app.state.jobs.embedder = client.app.state.embedder
    headers, ws = api_sign_up(client, "ada@example.com")
    doc = add_document(client, headers, ws, "Refund policy", "Refunds are paid within 14 days.")
    chat = new_chat(client, headers, ws)
    message = ask(client, headers, ws, chat, "How long do refunds take?").json()
    assert message["citations"][0]["document_id"] == doc["id"]
    assert any(r.get("input") == ["How long do refunds take?"] for r in FakeOllama.requests)
