"""Search quality on the shipped sample corpus, metadata filters, and store wiring."""

import pytest

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.evaluation import load_golden
from {{ cookiecutter.package_name }}.store import VectorStore

from .conftest import GOLDEN

ITEMS = load_golden(GOLDEN)


@pytest.mark.parametrize("item", ITEMS, ids=[i.id for i in ITEMS])
def test_each_golden_question_finds_its_source_in_the_top_3(indexed, item):
    sources = [h.source for h in indexed.rag.retrieve(item.question, top_k=3)]
    assert set(item.expected_sources) & set(sources), sources


def test_the_best_hit_answers_the_question(indexed):
    hits = indexed.rag.retrieve("How long does a full charge take?", top_k=1)
    assert "4.5 hours" in hits[0].text
    assert hits[0].score > 0


def test_filter_by_source_returns_only_that_source(indexed):
    hits = indexed.rag.retrieve("warranty battery charge", top_k=10, sources=["battery-care.txt"])
    assert hits and {h.source for h in hits} == {"battery-care.txt"}
    two = indexed.rag.retrieve("battery", top_k=20, sources=["battery-care.txt", "warranty.md"])
    assert {h.source for h in two} == {"battery-care.txt", "warranty.md"}


def test_search_on_an_empty_store_returns_nothing(services):
    assert services.rag.retrieve("anything") == []


def test_the_collection_is_named_after_the_embedder(services):
    assert services.store.collection == f"chunks-{services.embedder.key}"
    assert services.embedder.offline is True


def test_qdrant_url_selects_the_server_client(tmp_path):
    store = VectorStore(Settings(data_dir=tmp_path, qdrant_url="http://127.0.0.1:6333"), "k")
    try:
        assert store.server and store.describe() == "qdrant server http://127.0.0.1:6333"
        assert not (tmp_path / "qdrant").exists()
    finally:
        store.close()
