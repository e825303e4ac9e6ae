"""Ingestion: document identity, shared content, replacing by id, ownership, collections."""

import shutil

import pytest

from {{ cookiecutter.package_name }}.errors import Forbidden
from {{ cookiecutter.package_name }}.ingestion.catalog import Actor
from {{ cookiecutter.package_name }}.ingestion.pipeline import Upload

from .conftest import SAMPLE_DOCS, ingest_folder, ingest_text
from .pdfgen import make_pdf

SAMPLES = {
    "warranty.md",
    "battery-care.txt",
    "shipping-returns.html",
    "service-schedule.pdf",
    "parts-catalogue.pdf",
    "troubleshooting.md",
}


@pytest.mark.stage(2)
def test_folder_ingest_adds_every_supported_file_under_its_relative_path(services):
    results = ingest_folder(services)
    assert {r.source for r in results} == SAMPLES
    assert all(r.status == "added" and r.chunks > 0 and r.doc_id == r.source for r in results)
    docs = services.catalog.documents(["default"])
    assert {d.doc_id: d.chunks for d in docs} == {r.source: r.chunks for r in results}
    assert services.store.count() == services.keywords.count() == sum(r.chunks for r in results)


@pytest.mark.stage(2)
def test_reingesting_unchanged_files_is_skipped(indexed):
    before = indexed.store.count()
    assert {r.status for r in ingest_folder(indexed)} == {"unchanged"}
    assert indexed.store.count() == before


@pytest.mark.stage(2)
def test_same_name_from_two_sources_is_two_documents(services, tmp_path):
    for team in ("a", "b"):
        (tmp_path / "docs" / team).mkdir(parents=True)
        (tmp_path / "docs" / team / "README.md").write_text(
            f"# Team {team}\n\nTeam {team} owns the {team}-pump."
        )
    results = ingest_folder(services, tmp_path / "docs")
    assert sorted(r.doc_id for r in results) == ["a/README.md", "b/README.md"]
    assert {r.status for r in results} == {"added"}
    # Uploads without an id: same name, different content -> two documents, nothing replaced.
    one = ingest_text(services, "README.md", "# One\n\nThe first readme.")
    two = ingest_text(services, "README.md", "# Two\n\nThe second readme.")
    assert one.doc_id != two.doc_id and two.status == "added"
    assert len(services.catalog.documents(["default"])) == 4


@pytest.mark.stage(5)
def test_identical_content_is_stored_once_and_shared(services):
    text = "# Shared\n\nThe same words in two files about quokka feeding."
    first = ingest_text(services, "one.md", text, doc_id="one.md")
    second = ingest_text(services, "two.md", text, doc_id="two.md")
    assert second.status == "added" and "shared" in second.detail
    assert services.keywords.count() == first.chunks == services.store.count()
    # Deleting one keeps the chunks for the other; deleting both removes them.
    services.ingestor.delete("default", "one.md", Actor("cli", admin=True))
    assert services.store.count() == first.chunks
    hits = services.rag.retrieve("quokka feeding")
    assert [c.doc_id for c in hits] == ["two.md"]
    services.ingestor.delete("default", "two.md", Actor("cli", admin=True))
    assert services.store.count() == services.keywords.count() == 0


@pytest.mark.stage(5)
def test_a_changed_file_replaces_its_chunks_only(services, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLE_DOCS, docs)
    ingest_folder(services, docs)
    before = {d.doc_id: d.chunks for d in services.catalog.documents(["default"])}
    (docs / "warranty.md").write_text(
        "# Warranty\n\nThe zeppelin hangar warranty lasts 99 moons.\n"
    )
    results = {r.source: r.status for r in ingest_folder(services, docs)}
    assert results.pop("warranty.md") == "updated"
    assert set(results.values()) == {"unchanged"}
    after = {d.doc_id: d.chunks for d in services.catalog.documents(["default"])}
    assert after.pop("warranty.md") == 1
    before.pop("warranty.md")
    assert after == before
    hits = services.rag.retrieve("zeppelin hangar warranty", top_k=20, sources=["warranty.md"])
    assert [c.text for c in hits] == ["Warranty\n\nThe zeppelin hangar warranty lasts 99 moons."]
    assert services.store.count() == services.keywords.count() == sum(after.values()) + 1


@pytest.mark.stage(2)
def test_only_the_owner_or_an_admin_may_replace_or_delete(services):
    alice, bob, admin = Actor("alice"), Actor("bob"), Actor("root", admin=True)
    services.ingestor.ingest(
        [Upload("plan.md", b"# Plan\n\nAlice's plan.", "plan")], "default", alice
    )
    with pytest.raises(Forbidden, match="belongs to another key"):
        services.ingestor.ingest([Upload("plan.md", b"# Plan\n\nBob's.", "plan")], "default", bob)
    with pytest.raises(Forbidden):
        services.ingestor.delete("default", "plan", bob)
    [replaced] = services.ingestor.ingest(
        [Upload("plan.md", b"# Plan\n\nAdmin's edit.", "plan")], "default", admin
    )
    assert replaced.status == "updated"
    assert services.catalog.get("default", "plan").owner == "alice", "ownership is kept"
    assert services.ingestor.delete("default", "plan", alice) is not None


@pytest.mark.stage(5)
def test_collections_keep_documents_apart(services):
    ingest_text(services, "a.md", "# A\n\nThe red team ships widgets.", collection="red")
    ingest_text(services, "b.md", "# B\n\nThe blue team ships gadgets.", collection="blue")
    red = services.rag.retrieve("team ships widgets gadgets", collection="red")
    assert {c.collection for c in red} == {"red"} and red[0].source == "a.md"
    assert services.catalog.collections() == {"blue": 1, "red": 1}


@pytest.mark.stage(2)
def test_nested_folders_use_relative_names_and_hidden_files_are_ignored(services, tmp_path):
    root = tmp_path / "docs"
    (root / "guides" / "deep").mkdir(parents=True)
    (root / "guides" / "deep" / "a.md").write_text("# A\n\nalpha text")
    (root / ".secret.md").write_text("# hidden")
    (root / "notes.docx").write_bytes(b"binary")
    (root / "scan.pdf").write_bytes(make_pdf([["A scanned page about gears."]]))
    results = {r.source: r for r in ingest_folder(services, root)}
    assert results["guides/deep/a.md"].status == "added"
    assert results["notes.docx"].status == "skipped"
    assert results["scan.pdf"].status == "added"
    assert ".secret.md" not in results


@pytest.mark.stage(1)
def test_unreadable_documents_fail_without_touching_the_store(services):
    result = ingest_text(services, "broken.pdf", "%PDF-1.4 garbage")
    assert result.status == "failed" and "cannot read PDF" in result.detail
    assert ingest_text(services, "empty.md", "   \n").status == "failed"
    assert services.store.count() == 0 and services.catalog.documents() == []


@pytest.mark.stage(2)
def test_changing_the_chunking_settings_rechunks_unchanged_files(indexed):
    before = indexed.catalog.get("default", "warranty.md").chunks
    indexed.ingestor.chunk_size, indexed.ingestor.chunk_overlap = 200, 20
    results = {r.source: r for r in ingest_folder(indexed)}
    assert results["warranty.md"].status == "updated"
    assert (
        indexed.catalog.get("default", "warranty.md").chunks
        == results["warranty.md"].chunks
        > before
    )


@pytest.mark.stage(2)
def test_batches_span_documents(services):
    calls = []
    embed = services.ingestor.embedder.embed
    services.ingestor.embedder.embed = lambda texts: calls.append(len(texts)) or embed(texts)  # type: ignore[method-assign]
    services.ingestor.batch = 8
    uploads = [Upload(f"d{i}.md", f"# D{i}\n\nDocument number {i}.".encode()) for i in range(20)]
    results = services.ingestor.ingest(uploads, "default", Actor("cli", admin=True))
    assert [r.status for r in results] == ["added"] * 20
    assert calls and max(calls) == 8 and sum(calls) == 20, "one embed call per 8 chunks"
