"""Ingestion: folders, content hashes, replacing changed files, skipping unchanged ones."""

import shutil

from .conftest import SAMPLE_DOCS
from .pdfgen import make_pdf


def test_folder_ingest_adds_every_supported_file(services):
    results = services.ingestor.ingest_path(SAMPLE_DOCS)
    by_source = {r.source: r for r in results}
    assert set(by_source) == {
        "warranty.md",
        "battery-care.txt",
        "shipping-returns.html",
        "service-schedule.pdf",
        "troubleshooting.md",
    }
    assert all(r.status == "added" and r.chunks > 0 for r in results)
    assert services.store.sources() == {r.source: r.chunks for r in results}
    assert services.store.count() == sum(r.chunks for r in results)


def test_reingesting_unchanged_files_is_skipped(indexed):
    before = indexed.store.count()
    again = indexed.ingestor.ingest_path(SAMPLE_DOCS)
    assert {r.status for r in again} == {"unchanged"}
    assert indexed.store.count() == before


def test_a_changed_file_replaces_its_chunks_only(services, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLE_DOCS, docs)
    services.ingestor.ingest_path(docs)
    others_before = {s: n for s, n in services.store.sources().items() if s != "warranty.md"}

    (docs / "warranty.md").write_text(
        "# Warranty\n\nThe zeppelin hangar warranty lasts 99 moons.\n"
    )
    results = {r.source: r.status for r in services.ingestor.ingest_path(docs)}

    assert results.pop("warranty.md") == "updated"
    assert set(results.values()) == {"unchanged"}
    sources = services.store.sources()
    assert sources["warranty.md"] == 1
    assert {s: n for s, n in sources.items() if s != "warranty.md"} == others_before
    hits = services.rag.retrieve("zeppelin hangar warranty", top_k=20, sources=["warranty.md"])
    assert [h.text for h in hits] == ["Warranty\n\nThe zeppelin hangar warranty lasts 99 moons."]


def test_nested_folders_use_relative_names_and_hidden_files_are_ignored(services, tmp_path):
    (tmp_path / "guides" / "deep").mkdir(parents=True)
    (tmp_path / "guides" / "deep" / "a.md").write_text("# A\n\nalpha text")
    (tmp_path / ".secret.md").write_text("# hidden")
    (tmp_path / "notes.docx").write_bytes(b"binary")
    (tmp_path / "scan.pdf").write_bytes(make_pdf([["A scanned page about gears."]]))
    results = {r.source: r for r in services.ingestor.ingest_path(tmp_path)}
    assert results["guides/deep/a.md"].status == "added"
    assert results["notes.docx"].status == "skipped"
    assert results["scan.pdf"].status == "added"
    assert ".secret.md" not in results


def test_unreadable_documents_fail_without_touching_the_store(services):
    result = services.ingestor.ingest_bytes("broken.pdf", b"%PDF-1.4 garbage")
    assert result.status == "failed" and "cannot read PDF" in result.detail
    assert services.ingestor.ingest_bytes("empty.md", b"   \n").status == "failed"
    assert services.store.count() == 0


def test_a_source_can_be_deleted(indexed):
    n = indexed.store.sources()["warranty.md"]
    assert indexed.store.delete_source("warranty.md") == n
    assert "warranty.md" not in indexed.store.sources()
    assert indexed.store.delete_source("warranty.md") == 0


def test_changing_the_chunking_settings_rechunks_unchanged_files(indexed):
    before = indexed.store.sources()["warranty.md"]
    indexed.ingestor.chunk_size, indexed.ingestor.chunk_overlap = 200, 20
    results = {r.source: r for r in indexed.ingestor.ingest_path(SAMPLE_DOCS)}
    assert results["warranty.md"].status == "updated"
    assert indexed.store.sources()["warranty.md"] == results["warranty.md"].chunks > before
