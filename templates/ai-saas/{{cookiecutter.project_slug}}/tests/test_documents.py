"""Documents: upload (form, file, API), in-process processing by default, chunking, retrieval."""

from __future__ import annotations

import socket

import pytest
from helpers import add_document, api_sign_up, csrf, sign_up

from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.jobs.queue import retry_delays
from {{ cookiecutter.package_name }}.jobs.tasks import process_document_job
from {{ cookiecutter.package_name }}.models import Document, Workspace
from {{ cookiecutter.package_name }}.retrieval import documents
from {{ cookiecutter.package_name }}.retrieval.chunking import chunk_text
from {{ cookiecutter.package_name }}.retrieval.search import search, tokenize
from {{ cookiecutter.package_name }}.settings import Settings


@pytest.mark.stage(6)
def test_retries_wait_longer_each_time() -> None:
    assert retry_delays(0) == []
    assert retry_delays(4) == [10, 30, 90, 270]


@pytest.mark.stage(6)
def test_the_worker_job_processes_a_queued_document(
    database: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the RQ worker runs, called as the worker would (its settings from the environment)."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("EMBEDDINGS", "offline")
    with database.session() as db:
        workspace = Workspace(name="A")
        db.add(workspace)
        db.flush()
        document = Document(workspace_id=workspace.id, title="Notes", content="One.\n\nTwo.")
        db.add(document)
    assert process_document_job(document.id) == "done"
    with database.session() as db:
        done = db.get(Document, document.id)
        assert done is not None and (done.status, done.chunk_count) == ("ready", 1)
        assert done.processed_by is not None and done.processed_by.startswith("worker:")
    assert process_document_job("no-such-document") == "missing"


@pytest.mark.stage(3)
def test_in_process_by_default(make_client) -> None:
    client = make_client(redis_url=None)
    headers, ws = api_sign_up(client, "ada@example.com")
    response = client.post(
        f"/api/workspaces/{ws}/documents",
        json={"title": "Notes", "content": "First paragraph.\n\nSecond paragraph."},
        headers=headers,
    )
    assert response.status_code == 202
    doc = client.get(
        f"/api/workspaces/{ws}/documents/{response.json()['id']}", headers=headers
    ).json()
    assert doc["status"] == "ready"  # background task ran after the response
    assert doc["processed_by"] == "inline"
    assert doc["chunk_count"] == 1
    assert client.get("/readyz").json()["queue_mode"] == "in-process"


@pytest.mark.stage(2)
def test_a_document_that_fails_to_process_says_so(make_client, monkeypatch) -> None:
    """Any error while processing in-process marks it failed: never "pending" forever."""

    def broken(text: str) -> list[str]:
        raise RuntimeError("the chunker broke")

    monkeypatch.setattr(documents, "chunk_text", broken)
    client = make_client(redis_url=None)
    headers, ws = api_sign_up(client, "ada@example.com")
    response = client.post(
        f"/api/workspaces/{ws}/documents",
        json={"title": "Notes", "content": "Text."},
        headers=headers,
    )
    doc = client.get(f"/api/workspaces/{ws}/documents/{response.json()['id']}", headers=headers)
    assert doc.json()["status"] == "failed"
    assert doc.json()["error"] == "Processing failed (RuntimeError); see the logs."


@pytest.mark.stage(6)
def test_falls_back_to_in_process_when_the_queue_is_down(make_client) -> None:
    with socket.socket() as sock:  # a loopback port with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(redis_url=f"redis://127.0.0.1:{port}/0")
    headers, ws = api_sign_up(client, "ada@example.com")
    doc = add_document(client, headers, ws, "Notes", "Still processed.")
    assert doc["processed_by"] == "inline"
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["queue"] == "unavailable"


@pytest.mark.stage(2)
def test_html_upload_by_form_and_by_file(client) -> None:
    ws = sign_up(client, "ada@example.com")
    token = csrf(client, f"/w/{ws}")
    row = client.post(
        f"/w/{ws}/documents",
        data={"title": "Pasted", "content": "Some pasted text.", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert row.status_code == 200 and "Pasted" in row.text and 'id="doc-' in row.text
    upload = client.post(
        f"/w/{ws}/documents",
        data={"csrf_token": token},
        files={"file": ("notes.md", b"# Notes\n\nUploaded as a file.", "text/markdown")},
    )
    assert upload.status_code == 200 and "notes.md" in upload.text
    binary = client.post(
        f"/w/{ws}/documents",
        data={"csrf_token": token},
        files={"file": ("image.png", b"\x89PNG\r\n\x1a\n\xff\xfe", "image/png")},
    )
    assert binary.status_code == 400 and "UTF-8" in binary.text


@pytest.mark.stage(1)
def test_empty_document_is_rejected(client) -> None:
    headers, ws = api_sign_up(client, "ada@example.com")
    response = client.post(
        f"/api/workspaces/{ws}/documents", json={"title": "t", "content": "  "}, headers=headers
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The document is empty."


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("", 100, []),
        ("one", 100, ["one"]),
        ("a\n\nb", 100, ["a\n\nb"]),
        ("aaaa\n\nbbbb", 6, ["aaaa", "bbbb"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 9]),  # 2 characters of overlap
    ],
)
@pytest.mark.stage(3)
def test_chunk_text(text: str, size: int, expected: list[str]) -> None:
    assert chunk_text(text, size=size, overlap=2) == expected


def test_tokenize_drops_stopwords() -> None:
    assert tokenize("What is the Refund window?") == ["refund", "window"]


@pytest.mark.stage(3)
def test_search_ranks_the_relevant_document_first(client) -> None:
    headers, ws = api_sign_up(client, "ada@example.com")
    add_document(client, headers, ws, "Refunds", "Refunds are issued within 14 days.")
    add_document(client, headers, ws, "Deploys", "Deploys happen every Tuesday.")
    with client.app.state.db.session() as db:
        hits = search(db, ws, "when are deploys?")
        assert [(h.n, h.title) for h in hits] == [(1, "Deploys")]
        assert search(db, ws, "the of and") == []
        assert search(db, "another-workspace-id", "deploys") == []


@pytest.mark.stage(3)
def test_delete_a_document(client) -> None:
    ws = sign_up(client, "ada@example.com")
    token = csrf(client, f"/w/{ws}")
    client.post(
        f"/w/{ws}/documents", data={"title": "Old", "content": "Old text.", "csrf_token": token}
    )
    client.post(
        f"/w/{ws}/documents", data={"title": "Older", "content": "Older.", "csrf_token": token}
    )
    api = {"X-CSRF-Token": token}  # the browser session, used by the JSON API
    first, second = client.get(f"/api/workspaces/{ws}/documents", headers=api).json()
    gone = client.post(
        f"/w/{ws}/documents/{first['id']}/delete",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert gone.status_code == 200 and gone.text == ""
    assert (
        client.delete(f"/api/workspaces/{ws}/documents/{second['id']}", headers=api).status_code
        == 204
    )
    assert client.get(f"/api/workspaces/{ws}/documents", headers=api).json() == []
    with client.app.state.db.session() as db:
        assert search(db, ws, "old older text") == []
