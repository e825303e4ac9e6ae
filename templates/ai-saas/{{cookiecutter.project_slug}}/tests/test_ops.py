"""Operations: health and readiness endpoints, JSON logs, request ids, security headers."""

from __future__ import annotations

import json
import socket

from {{ cookiecutter.package_name }}.chat.llm import OllamaChat
from {{ cookiecutter.package_name }}.db import Database


def test_health(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readiness_checks_the_database_and_reports_the_model(make_client) -> None:
    client = make_client(model=OllamaChat("http://127.0.0.1:9", "llama3.2", timeout=1))
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["model"] == "offline (fallback answers)"


def test_readiness_fails_when_the_database_is_down(make_client) -> None:
    client = make_client()
    with socket.socket() as sock:  # a loopback port with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client.app.state.db.dispose()
    client.app.state.db = Database(f"postgresql://nobody:secret@127.0.0.1:{port}/none")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


def test_logs_are_json_lines(make_client, capsys) -> None:
    client = make_client(log_level="INFO")
    client.get("/healthz", headers={"X-Request-ID": "req-123"})
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    request = next(line for line in lines if line["message"] == "request")
    assert request["path"] == "/healthz" and request["status"] == 200
    assert request["request_id"] == "req-123" and request["level"] == "info"


def test_responses_carry_request_id_and_security_headers(client) -> None:
    response = client.get("/")
    assert len(response.headers["x-request-id"]) == 16
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_static_htmx_is_vendored(client) -> None:
    response = client.get("/static/htmx.min.js")
    assert response.status_code == 200
    assert "htmx" in response.text[:200]
    assert "unpkg.com" not in client.get("/").text


def test_env_example_documents_every_setting() -> None:
    from pathlib import Path

    from {{ cookiecutter.package_name }}.settings import Settings

    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    for name in Settings.model_fields:
        if name != "plans":
            assert name.upper() in example, name
