"""Retrieval: keyword indexes, vectors, hybrid ranking, PDF uploads, sources always shown."""

from __future__ import annotations

import pytest
from helpers import FakeModel, add_document, api_sign_up, ask, csrf, new_chat, sign_up
from sqlalchemy import text

from {{ cookiecutter.package_name }}.chat.llm import Chunk
from {{ cookiecutter.package_name }}.retrieval.search import fuse, search

REFUNDS = "Refunds are paid within 14 days of a return."
DEPLOY = "Deploys are reverted with the release script."


class TopicEmbedder:
    """Vectors by topic, so paraphrases with no shared words still match."""

    name = "topic-4"
    TOPICS = ({"refund", "refunds", "money", "reimburse"}, {"deploy", "deploys", "release"})

    def embed(self, texts):  # noqa: ANN001, ANN201
        vectors = []
        for piece in texts:
            words = set(piece.lower().replace("?", " ").replace(".", " ").split())
            vectors.append([float(len(words & topic)) for topic in self.TOPICS] + [0.1, 0.0])
        return vectors


class BrokenEmbedder:
    name = "broken"

    def embed(self, texts):  # noqa: ANN001, ANN201
        raise ConnectionError("embedding server down")


def _in_process(make_client, embedder=None, **overrides):  # noqa: ANN001, ANN003, ANN202
    """In-process jobs, so documents are embedded by this test's embedder."""
    client = make_client(redis_url=None, **overrides)
    if embedder is not None:
        client.app.state.embedder = client.app.state.jobs.embedder = embedder
    return client


@pytest.mark.stage(3)
def test_keyword_index_holds_the_passages(make_client) -> None:
    client = _in_process(make_client)
    headers, ws = api_sign_up(client, "ada@example.com")
    doc = add_document(client, headers, ws, "Refund policy", REFUNDS)
    engine = client.app.state.db.engine
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            query = "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'refunds'"
            found = conn.execute(text(query))
            assert len(found.all()) == 1
        else:
            query = "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks'"
            indexes = conn.execute(text(query))
            assert "ix_chunks_fts" in set(indexes.scalars())
    client.delete(f"/api/workspaces/{ws}/documents/{doc['id']}", headers=headers)
    with client.app.state.db.session() as db:
        assert search(db, ws, "refunds", client.app.state.embedder) == []  # gone from the index


@pytest.mark.stage(3)
def test_vectors_find_a_paraphrase_with_no_shared_words(make_client) -> None:
    client = _in_process(make_client, TopicEmbedder())
    headers, ws = api_sign_up(client, "ada@example.com")
    refunds = add_document(client, headers, ws, "Policy", REFUNDS)
    add_document(client, headers, ws, "Runbook", DEPLOY)
    with client.app.state.db.session() as db:
        hits = search(db, ws, "Can I get my money back?", TopicEmbedder())
        assert hits and hits[0].document_id == refunds["id"]
        assert search(db, ws, "Can I get my money back?", None) == []  # keywords alone: no


@pytest.mark.stage(3)
def test_hybrid_ranking_prefers_passages_both_signals_find() -> None:
    scores = fuse([1, 2, 3], [3, 4])
    assert max(scores, key=scores.get) == 3
    assert set(scores) == {1, 2, 3, 4}


@pytest.mark.stage(3)
def test_questions_only_compare_vectors_of_the_same_embedder(make_client) -> None:
    client = _in_process(make_client)  # documents get offline vectors
    headers, ws = api_sign_up(client, "ada@example.com")
    add_document(client, headers, ws, "Policy", REFUNDS)
    with client.app.state.db.session() as db:
        assert search(db, ws, "money back?", TopicEmbedder()) == []


@pytest.mark.stage(3)
def test_an_embedding_failure_marks_the_document(make_client) -> None:
    client = _in_process(make_client, BrokenEmbedder())
    headers, ws = api_sign_up(client, "ada@example.com")
    created = client.post(
        f"/api/workspaces/{ws}/documents", json={"title": "t", "content": REFUNDS}, headers=headers
    ).json()
    doc = client.get(f"/api/workspaces/{ws}/documents/{created['id']}", headers=headers).json()
    assert doc["status"] == "failed" and "Embeddings unavailable" in doc["error"]


class NoMarkers(FakeModel):
    """A model that answers from the sources but writes no [n] markers."""

    def stream(self, messages):  # noqa: ANN001, ANN201
        self.calls.append(list(messages))
        yield Chunk(text="Refunds are paid within two weeks.")
        yield Chunk(done=True, prompt_tokens=10, completion_tokens=5)


@pytest.mark.stage(4)
def test_sources_are_shown_even_without_markers(make_client) -> None:
    client = make_client(model=NoMarkers())
    headers, ws = api_sign_up(client, "ada@example.com")
    doc = add_document(client, headers, ws, "Refund policy", REFUNDS)
    chat = new_chat(client, headers, ws)
    message = ask(client, headers, ws, chat, "How long do refunds take?").json()
    assert "[" not in message["content"]
    assert [c["document_id"] for c in message["citations"]] == [doc["id"]]


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a text layer (Helvetica), built by hand."""
    stream = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return out


def _upload(client, ws: str, name: str, data: bytes):  # noqa: ANN001, ANN202
    return client.post(
        f"/w/{ws}/documents",
        data={"csrf_token": csrf(client, f"/w/{ws}")},
        files={"file": (name, data, "application/pdf")},
        headers={"HX-Request": "true"},
    )


@pytest.mark.stage(2)
def test_pdf_uploads_are_read_and_searchable(make_client) -> None:
    client = make_client()
    ws = sign_up(client, "ada@example.com")
    pdf = make_pdf(["Warranty claims are handled within 30 days.", "Keep the receipt."])
    row = _upload(client, ws, "warranty.pdf", pdf)
    assert row.status_code == 200 and "warranty.pdf" in row.text
    docs = client.get(f"/api/workspaces/{ws}/documents").json()
    content = client.get(f"/api/workspaces/{ws}/documents/{docs[0]['id']}").json()["content"]
    assert "Warranty claims are handled within 30 days." in content


@pytest.mark.stage(2)
def test_unreadable_pdfs_get_one_clear_message(make_client) -> None:
    client = make_client()
    ws = sign_up(client, "ada@example.com")
    broken = _upload(client, ws, "broken.pdf", b"%PDF-1.4\nthis is not a pdf at all")
    assert broken.status_code == 400 and "could not be read" in broken.text
    scanned = _upload(client, ws, "scan.pdf", make_pdf([]))
    assert scanned.status_code == 400 and "no text layer" in scanned.text
    binary = client.post(
        f"/w/{ws}/documents",
        data={"csrf_token": csrf(client, f"/w/{ws}")},
        files={"file": ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)), "image/jpeg")},
    )
    assert binary.status_code == 400 and "UTF-8 text" in binary.text


@pytest.mark.stage(3)
def test_keywords_match_other_forms_of_a_word(make_client) -> None:
    client = _in_process(make_client)
    headers, ws = api_sign_up(client, "ada@example.com")
    doc = add_document(client, headers, ws, "Policy", "Customers get a full refund in 14 days.")
    with client.app.state.db.session() as db:
        hits = search(db, ws, "How long do refunds take?", None)  # stemmed: refunds ~ refund
        assert [h.document_id for h in hits] == [doc["id"]]
