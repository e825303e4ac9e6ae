"""The API end to end through TestClient: upload, search, streamed answers with citations."""

import json

import pytest

from {{ cookiecutter.package_name }}.rag import OFFLINE_LABEL
from {{ cookiecutter.package_name }}.services import build_services

from .conftest import SAMPLE_DOCS, closed_port_url, make_api


def events(response) -> list[dict]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines() if line]


@pytest.fixture
def online_api(settings, fake_ollama):
    """An app whose Ollama is the loopback fake (embeddings and chat)."""
    services = build_services(
        settings.model_copy(update={"offline": False, "ollama_host": fake_ollama.url})
    )
    services.ingestor.ingest_path(SAMPLE_DOCS)
    yield make_api(services)
    services.close()


def test_upload_then_query_the_new_document(api):
    files = [
        (
            "files",
            (
                "tandem.md",
                b"# Tandem\n\nThe Lumen Tandem seats two riders and weighs 31 kg.",
                "text/markdown",
            ),
        ),
        ("files", ("ignored.exe", b"MZ", "application/octet-stream")),
    ]
    result = api.client.post("/documents", files=files, headers=api.auth("ingest")).json()[
        "results"
    ]
    assert [(r["source"], r["status"]) for r in result] == [
        ("tandem.md", "added"),
        ("ignored.exe", "skipped"),
    ]

    again = api.client.post("/documents", files=files[:1], headers=api.auth("ingest")).json()
    assert again["results"][0]["status"] == "unchanged"

    body = {
        "question": "How much does the tandem weigh?",
        "sources": ["tandem.md"],
        "stream": False,
    }
    answer = api.client.post("/query", json=body, headers=api.auth("query")).json()
    assert answer["citations"][0]["source"] == "tandem.md"
    assert "31 kg" in answer["answer"]


def test_offline_answers_stream_labelled_passages_with_numbered_citations(api):
    response = api.client.post(
        "/query", json={"question": "How long does charging take?"}, headers=api.auth("query")
    )
    stream = events(response)
    assert stream[0]["type"] == "citations"
    citations = stream[0]["citations"]
    assert [c["n"] for c in citations] == list(range(1, len(citations) + 1))
    assert len(citations) == api.services.settings.top_k
    text = "".join(e["text"] for e in stream if e["type"] == "token")
    assert text.startswith(OFFLINE_LABEL)
    assert "[1]" in text and "4.5 hours" in text
    assert stream[-1] == {"type": "done", "mode": "offline-fallback", "reason": "offline mode"}


def test_answers_stream_from_ollama_with_citations(online_api, fake_ollama):
    assert online_api.services.embedder.label == "ollama:{{ cookiecutter.embedding_model }}"
    stream = events(
        online_api.client.post(
            "/query",
            json={
                "question": "How long is the battery warranty?",
                "top_k": 2,
                "sources": ["warranty.md"],
            },
            headers=online_api.auth("query"),
        )
    )
    tokens = [e["text"] for e in stream if e["type"] == "token"]
    assert tokens == fake_ollama.reply
    assert stream[-1] == {"type": "done", "mode": "llm", "model": "{{ cookiecutter.chat_model }}"}
    assert len(stream[0]["citations"]) == 2
    [chat] = [b for p, b in fake_ollama.requests if p == "/api/chat"]
    prompt = chat["messages"][-1]["content"]
    assert "[1] (source: warranty.md)" in prompt and "[2]" in prompt
    assert "How long is the battery warranty?" in prompt


def test_an_error_line_mid_stream_is_reported_after_the_tokens(online_api, fake_ollama):
    fake_ollama.fail_midstream = True
    stream = events(
        online_api.client.post(
            "/query", json={"question": "battery"}, headers=online_api.auth("query")
        )
    )
    kinds = [e["type"] for e in stream]
    assert kinds[:1] == ["citations"] and kinds[-2:] == ["error", "done"]
    assert "crashed" in stream[-2]["message"]


def test_ollama_down_falls_back_to_labelled_passages(settings):
    services = build_services(
        settings.model_copy(update={"offline": False, "ollama_host": closed_port_url()})
    )
    try:
        assert services.embedder.offline, "the embedder probe failed, so the fallback is used"
        services.ingestor.ingest_bytes("a.md", b"# Bells\n\nThe bell rings twice at noon.")
        answer = services.rag.answer("When does the bell ring?")
    finally:
        services.close()
    assert answer["mode"] == "offline-fallback"
    assert answer["answer"].startswith(OFFLINE_LABEL) and "not reachable" in answer["answer"]
    assert answer["citations"][0]["source"] == "a.md"


def test_missing_model_says_how_to_pull_it(settings, fake_ollama):
    fake_ollama.models = {"{{ cookiecutter.embedding_model }}"}  # embeddings work, chat model missing
    services = build_services(
        settings.model_copy(update={"offline": False, "ollama_host": fake_ollama.url})
    )
    try:
        services.ingestor.ingest_bytes("a.md", b"# Bells\n\nThe bell rings twice at noon.")
        answer = services.rag.answer("When does the bell ring?")
    finally:
        services.close()
    assert answer["mode"] == "offline-fallback"
    assert "ollama pull {{ cookiecutter.chat_model }}" in answer["answer"]


def test_search_sources_and_delete(api):
    hits = api.client.post(
        "/search",
        json={"query": "E07 battery communication", "top_k": 3},
        headers=api.auth("query"),
    ).json()["hits"]
    assert hits[0]["source"] == "troubleshooting.md" and "E07" in hits[0]["text"]
    listed = api.client.get("/sources", headers=api.auth("query")).json()["sources"]
    assert {s["source"] for s in listed} >= {"warranty.md", "service-schedule.pdf"}
    gone = api.client.delete("/sources/warranty.md", headers=api.auth("admin"))
    assert gone.status_code == 200 and gone.json()["removed_chunks"] > 0
    assert api.client.delete("/sources/warranty.md", headers=api.auth("admin")).status_code == 404


def test_no_match_and_bad_requests(services):
    api = make_api(services)  # empty store
    answer = api.client.post(
        "/query", json={"question": "anything?", "stream": False}, headers=api.auth("query")
    ).json()
    assert answer["mode"] == "empty" and answer["citations"] == []
    assert (
        api.client.post("/query", json={"question": ""}, headers=api.auth("query")).status_code
        == 422
    )
    assert (
        api.client.post(
            "/query", json={"question": "x", "top_k": 0}, headers=api.auth("query")
        ).status_code
        == 422
    )


def test_health_reports_the_setup(api):
    health = api.client.get("/health").json()
    assert health["offline_embedder"] is True
    assert health["vector_store"].startswith("qdrant embedded")
    assert health["chunks"] == api.services.store.count() > 0


def test_uploads_over_the_size_limit_are_refused_whole(services):
    small = services.settings.model_copy(update={"max_upload_mb": 0.001})  # about 1 kB
    api = make_api(services, small)
    files = [
        ("files", ("ok.md", b"# Ok\n\nsmall", "text/markdown")),
        ("files", ("big.md", b"# Big\n\n" + b"x" * 2000, "text/markdown")),
    ]
    response = api.client.post("/documents", files=files, headers=api.auth("ingest"))
    assert response.status_code == 413 and "big.md" in response.json()["detail"]
    assert services.store.count() == 0
