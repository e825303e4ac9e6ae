"""The API end to end through TestClient: jobs, streamed answers, honest failures, readiness."""

import json

import pytest

from {{ cookiecutter.package_name }}.answers.service import OFFLINE_LABEL
from {{ cookiecutter.package_name }}.services import build_services

from .conftest import closed_port_url, ingest_folder, ingest_text, make_api, wait_for_job


def events(response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines() if line]


@pytest.fixture
def online_api(online_services):
    made = make_api(online_services)
    ingest_folder(online_services)
    return made


@pytest.mark.stage(6)
def test_upload_is_a_job_then_the_document_answers(api):
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
    response = api.client.post("/documents", files=files, headers=api.auth("ingest"))
    assert response.status_code == 202 and response.headers["location"].startswith("/jobs/")
    job = wait_for_job(api, response)
    assert job["status"] == "done" and job["done"] == job["total"] == 2
    results = {r["source"]: r for r in job["results"]}
    added, skipped = results["tandem.md"], results["ignored.exe"]
    assert added["status"] == "added"
    assert added["doc_id"].startswith("tandem.md#") and skipped["status"] == "skipped"

    body = {
        "question": "How much does the tandem weigh?",
        "sources": [added["doc_id"]],
        "stream": False,
    }
    answer = api.client.post("/query", json=body, headers=api.auth("query")).json()
    assert answer["citations"][0]["source"] == "tandem.md"
    assert "31 kg" in answer["answer"]


@pytest.mark.stage(6)
def test_replacing_needs_the_explicit_id_and_the_owner(api):
    first = wait_for_job(
        api,
        api.client.post(
            "/documents",
            files={"files": ("faq.md", b"# FAQ\n\nVersion one.")},
            data={"doc_id": "faq"},
            headers=api.auth("ingest"),
        ),
    )
    assert first["results"][0]["status"] == "added"
    again = wait_for_job(
        api,
        api.client.post(
            "/documents",
            files={"files": ("faq.md", b"# FAQ\n\nVersion two.")},
            data={"doc_id": "faq"},
            headers=api.auth("ingest"),
        ),
    )
    assert again["results"][0]["status"] == "updated"
    other_key = api.services.keys.create("other", ["ingest"])[1]
    refused = api.client.post(
        "/documents",
        files={"files": ("faq.md", b"# FAQ\n\nHijack.")},
        data={"doc_id": "faq"},
        headers={"X-API-Key": other_key},
    )
    assert refused.status_code == 403 and "belongs to another key" in refused.json()["detail"]
    deleted = api.client.delete("/documents/faq", headers={"X-API-Key": other_key})
    assert deleted.status_code == 403
    assert api.client.delete("/documents/faq", headers=api.auth("admin")).status_code == 200
    assert api.client.delete("/documents/faq", headers=api.auth("admin")).status_code == 404


@pytest.mark.stage(6)
def test_jobs_are_visible_to_their_owner_only(api):
    job = wait_for_job(
        api,
        api.client.post(
            "/documents", files={"files": ("a.md", b"# A\n\nalpha")}, headers=api.auth("ingest")
        ),
    )
    other_key = api.services.keys.create("other", ["ingest"])[1]
    assert api.client.get(f"/jobs/{job['id']}", headers={"X-API-Key": other_key}).status_code == 404
    assert api.client.get(f"/jobs/{job['id']}", headers=api.auth("admin")).status_code == 200
    assert api.client.get("/jobs/nope", headers=api.auth("admin")).status_code == 404


@pytest.mark.stage(6)
def test_offline_answers_stream_labelled_passages_with_numbered_citations(api):
    stream = events(
        api.client.post(
            "/query",
            json={"question": "How long does a full charge take?"},
            headers=api.auth("query"),
        )
    )
    assert stream[0]["type"] == "citations"
    citations = stream[0]["citations"]
    assert [c["n"] for c in citations] == list(range(1, len(citations) + 1))
    text = "".join(e["text"] for e in stream if e["type"] == "token")
    assert text.startswith(OFFLINE_LABEL) and "[1]" in text and "4.5 hours" in text
    assert stream[-1] == {"type": "done", "mode": "offline-fallback", "reason": "offline mode"}


@pytest.mark.stage(6)
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
    assert [e["text"] for e in stream if e["type"] == "token"] == fake_ollama.reply
    assert stream[-1]["type"] == "done" and stream[-1]["mode"] == "llm"
    assert stream[-1]["cited"] == [1] and stream[-1]["removed_markers"] == 0
    assert 1 <= len(stream[0]["citations"]) <= 2
    [chat] = [b for p, b in fake_ollama.requests if p == "/api/chat"]
    prompt = chat["messages"][-1]["content"]
    assert '<passage n="1" source="warranty.md">' in prompt
    assert prompt.endswith("Question: How long is the battery warranty?")


@pytest.mark.stage(6)
def test_a_chat_keeps_earlier_turns(online_api, fake_ollama):
    history = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello [1]"}]
    events(
        online_api.client.post(
            "/query",
            json={"question": "How long is the battery warranty?", "history": history},
            headers=online_api.auth("query"),
        )
    )
    [chat] = [b for p, b in fake_ollama.requests if p == "/api/chat"]
    assert [m["role"] for m in chat["messages"]] == ["system", "user", "assistant", "user"]


@pytest.mark.stage(6)
def test_a_stream_that_breaks_ends_with_an_error_event_and_counts_as_failed(
    online_api, fake_ollama
):
    fake_ollama.fail_midstream = True
    stream = events(
        online_api.client.post(
            "/query", json={"question": "battery warranty"}, headers=online_api.auth("query")
        )
    )
    assert stream[0]["type"] == "citations" and stream[-1]["type"] == "error"
    assert "crashed" in stream[-1]["message"]
    assert not [e for e in stream if e["type"] == "done"]
    registry = online_api.services.metrics.registry
    assert registry.get_sample_value("rag_streams_total", {"outcome": "error"}) == 1
    assert (
        registry.get_sample_value(
            "rag_http_requests_total",
            {"method": "POST", "route": "/query", "status": "stream-error"},
        )
        == 1
    )
    whole = online_api.client.post(
        "/query",
        json={"question": "battery warranty", "stream": False},
        headers=online_api.auth("query"),
    )
    assert whole.status_code == 503 and "crashed" in whole.json()["detail"]


@pytest.mark.stage(6)
def test_ollama_killed_mid_session_gives_503s_and_error_free_streams(online_api, fake_ollama):
    fake_ollama.kill()  # Ollama dies: the embedder cannot embed questions any more
    headers = online_api.auth("query")
    streamed = online_api.client.post("/query", json={"question": "battery"}, headers=headers)
    assert streamed.status_code == 503 and "not reachable" in streamed.json()["detail"]
    assert (
        online_api.client.post("/search", json={"query": "battery"}, headers=headers).status_code
        == 503
    )
    assert online_api.client.get("/health").json() == {"status": "ok"}, "liveness stays up"
    ready = online_api.client.get("/ready")
    assert ready.status_code == 503
    checks = ready.json()["checks"]
    assert not checks["embedder"]["ok"] and not checks["model"]["ok"] and checks["store"]["ok"]


@pytest.mark.stage(6)
def test_ready_is_200_when_everything_works(online_api):
    ready = online_api.client.get("/ready")
    assert ready.status_code == 200, ready.json()
    body = ready.json()
    assert body["ready"] and body["index"]["live"] == online_api.services.embedder.key
    assert body["index"]["chunks"] == body["index"]["stored_chunks"] > 0


@pytest.mark.stage(6)
def test_offline_mode_is_ready_and_says_so(api):
    body = api.client.get("/ready").json()
    assert body["ready"] and "offline" in body["checks"]["model"]["detail"]


@pytest.mark.stage(6)
def test_start_during_an_outage_never_pins_the_fallback(settings, fake_ollama):
    """Ollama down at start-up: labelled fallback; back later: switch, say so, offer re-embed."""
    online = settings.model_copy(update={"offline": False, "ollama_host": fake_ollama.url})
    fake_ollama.models.clear()  # Ollama answers, but has no embedding model yet
    services = build_services(online)
    try:
        assert services.embedder.offline and services.choice.waiting_for_ollama
        ingest_text(services, "a.md", "# Bells\n\nThe bell rings twice at noon.")
        api = make_api(services)
        assert api.client.get("/ready").status_code == 503
        fake_ollama.models.update({"{{ cookiecutter.chat_model }}", "{{ cookiecutter.embedding_model }}"})
        ready = api.client.get("/ready")
        body = ready.json()
        assert not services.embedder.offline, "switched to Ollama without a restart"
        assert ready.status_code == 503 and body["index"]["chunks"] == 0
        assert body["index"]["other_indexes"] == {"offline-hash512": 1}
        assert "POST /reembed" in body["checks"]["index"]["detail"]
        job = wait_for_job(api, api.client.post("/reembed", headers=api.auth("admin")), "admin")
        assert job["status"] == "done" and job["done"] == 1
        assert api.client.get("/ready").status_code == 200
        answer = services.rag.answer("When does the bell ring?")
        assert answer["citations"][0]["source"] == "a.md"
    finally:
        services.close()


@pytest.mark.stage(6)
def test_a_filled_ollama_index_is_kept_while_ollama_is_down(settings, fake_ollama):
    online = settings.model_copy(update={"offline": False, "ollama_host": fake_ollama.url})
    first = build_services(online)
    ingest_text(first, "a.md", "# Bells\n\nThe bell rings twice at noon.")
    first.close()
    down = build_services(online.model_copy(update={"ollama_host": closed_port_url()}))
    try:
        assert not down.embedder.offline and not down.choice.waiting_for_ollama
        api = make_api(down)
        response = api.client.post("/query", json={"question": "bell"}, headers=api.auth("query"))
        assert response.status_code == 503
    finally:
        down.close()


@pytest.mark.stage(5)
def test_ollama_down_from_the_start_falls_back_to_labelled_passages(settings):
    services = build_services(
        settings.model_copy(update={"offline": False, "ollama_host": closed_port_url()})
    )
    try:
        assert services.embedder.offline
        ingest_text(services, "a.md", "# Bells\n\nThe bell rings twice at noon.")
        answer = services.rag.answer("When does the bell ring?")
    finally:
        services.close()
    assert answer["mode"] == "offline-fallback"
    assert answer["answer"].startswith(OFFLINE_LABEL) and "not reachable" in answer["answer"]


@pytest.mark.stage(6)
def test_missing_model_says_how_to_pull_it(settings, fake_ollama):
    fake_ollama.models = {"{{ cookiecutter.embedding_model }}"}
    services = build_services(
        settings.model_copy(update={"offline": False, "ollama_host": fake_ollama.url})
    )
    try:
        ingest_text(services, "a.md", "# Bells\n\nThe bell rings twice at noon.")
        answer = services.rag.answer("When does the bell ring?")
        ready = make_api(services).client.get("/ready").json()
    finally:
        services.close()
    assert answer["mode"] == "offline-fallback"
    assert "ollama pull {{ cookiecutter.chat_model }}" in answer["answer"]
    assert "ollama pull {{ cookiecutter.chat_model }}" in ready["checks"]["model"]["detail"]


@pytest.mark.stage(6)
def test_documents_collections_and_search(api):
    hits = api.client.post(
        "/search",
        json={"query": "E07 battery communication", "top_k": 3},
        headers=api.auth("query"),
    ).json()["hits"]
    assert hits[0]["source"] == "troubleshooting.md" and "E07" in hits[0]["text"]
    listed = api.client.get("/documents", headers=api.auth("query")).json()["documents"]
    assert {d["doc_id"] for d in listed} >= {"warranty.md", "service-schedule.pdf"}
    assert api.client.get("/collections", headers=api.auth("query")).json() == {
        "collections": [{"name": "default", "documents": 6}]
    }


@pytest.mark.stage(6)
def test_bad_requests(api):
    assert (
        api.client.post("/query", json={"question": ""}, headers=api.auth("query")).status_code
        == 422
    )
    bad_k = api.client.post("/query", json={"question": "x", "top_k": 0}, headers=api.auth("query"))
    assert bad_k.status_code == 422
    no_files = api.client.post("/documents", data={"x": "1"}, headers=api.auth("ingest"))
    assert no_files.status_code == 422
    bad_collection = api.client.post(
        "/documents",
        files={"files": ("a.md", b"a")},
        data={"collection": "../etc"},
        headers=api.auth("ingest"),
    )
    assert bad_collection.status_code in (400, 403)
