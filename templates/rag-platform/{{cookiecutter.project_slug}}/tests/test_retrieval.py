"""Retrieval: hybrid (BM25 + vectors, fused by rank), the relevance threshold, filters, pages.

Retrieval only reads the index: these tests share one indexed sample corpus (`shared_index`).
"""

import pytest

from {{ cookiecutter.package_name }}.observability.evaluation import load_golden
from {{ cookiecutter.package_name }}.retrieval.dense import dense_search
from {{ cookiecutter.package_name }}.retrieval.hybrid import fuse, is_relevant
from {{ cookiecutter.package_name }}.retrieval.keyword import query_terms
from {{ cookiecutter.package_name }}.stores.base import Hit

from .conftest import GOLDEN, ingest_text

ITEMS = load_golden(GOLDEN)
ANSWERABLE = [i for i in ITEMS if not i.unanswerable]
UNANSWERABLE = [i for i in ITEMS if i.unanswerable]


def _hit(name: str, similarity=None, coverage=None) -> Hit:
    return Hit("default", name, 0, "", None, name, 0.0, similarity, coverage)


def _source(services, hit: Hit) -> str:
    """The document a hit comes from (what its citation will name)."""
    return services.catalog.by_hash(hit.collection, [hit.content_hash])[hit.content_hash][0].source


def test_the_golden_set_is_hard_enough():
    assert len(ITEMS) >= 25
    assert len(UNANSWERABLE) >= 3
    exact = [i for i in ITEMS if any(ch.isdigit() for ch in i.question) and "LC-" in i.question]
    assert len(exact) >= 2, "some questions need an exact part number"


@pytest.mark.stage(3)
def test_vector_search_ranks_the_closest_chunks_first(shared_index):
    question = "How long does a full charge take?"
    hits = dense_search(shared_index.embedder, shared_index.store, question, 4, ["default"])
    assert len(hits) == 4
    similarities = [h.similarity for h in hits]
    assert similarities == sorted(similarities, reverse=True)
    assert _source(shared_index, hits[0]) == "battery-care.txt"
    assert dense_search(shared_index.embedder, shared_index.store, question, 4, ["other"]) == []


@pytest.mark.stage(4)
@pytest.mark.parametrize("item", ANSWERABLE, ids=[i.id for i in ANSWERABLE])
def test_each_answerable_question_finds_its_source_in_the_top_4(shared_index, item):
    sources = [_source(shared_index, h) for h in shared_index.retriever.retrieve(item.question, 4)]
    assert set(item.expected_sources) & set(sources), sources


@pytest.mark.stage(4)
@pytest.mark.parametrize("item", UNANSWERABLE, ids=[i.id for i in UNANSWERABLE])
def test_unanswerable_questions_retrieve_nothing(shared_index, item):
    assert shared_index.retriever.retrieve(item.question, 4) == []


@pytest.mark.stage(4)
def test_a_unique_word_is_found_by_keywords_where_vectors_miss_it(shared_index):
    question = "Where is zyphorite used?"
    dense = dense_search(shared_index.embedder, shared_index.store, question, 4, ["default"])
    best_dense = max(h.similarity or 0 for h in dense)
    assert best_dense < shared_index.retriever.min_similarity, "vectors alone find nothing relevant"
    [first, *_] = shared_index.retriever.retrieve(question)
    assert _source(shared_index, first) == "parts-catalogue.pdf" and "zyphorite" in first.text
    assert first.keyword_coverage is not None and first.keyword_coverage >= 0.6


@pytest.mark.stage(4)
def test_reciprocal_rank_fusion_rewards_agreement():
    a, b, c = _hit("a", 0.9), _hit("b", 0.5), _hit("c", 0.4)
    fused = fuse([[a, b, c], [_hit("c", coverage=1.0), _hit("b", coverage=0.5)]])
    # c: ranks 3 and 1; b: ranks 2 and 2; a: rank 1 in one list only.
    assert [h.content_hash for h in fused] == ["c", "b", "a"]
    assert fused[0].score == pytest.approx(1 / 63 + 1 / 61, abs=1e-6)
    assert fused[1].score == pytest.approx(2 / 62, abs=1e-6)
    assert fused[2].score == pytest.approx(1 / 61, abs=1e-6)
    assert fused[0].similarity == 0.4 and fused[0].keyword_coverage == 1.0


@pytest.mark.stage(4)
def test_the_threshold_needs_similarity_or_keyword_coverage():
    assert is_relevant(_hit("x", similarity=0.5), 0.2, 0.6)
    assert is_relevant(_hit("x", coverage=0.7), 0.2, 0.6)
    assert not is_relevant(_hit("x", similarity=0.0), 0.2, 0.6)
    assert not is_relevant(_hit("x", similarity=-0.02, coverage=0.1), 0.2, 0.6)


@pytest.mark.stage(4)
def test_noise_is_below_the_threshold(shared_index):
    for question in ("zzzz qqqq", "Who won the 1998 football world cup final?"):
        assert shared_index.retriever.candidates(question, 16, ["default"]), (
            "ranked, yet not relevant"
        )
        assert shared_index.retriever.retrieve(question) == []


@pytest.mark.stage(5)
def test_noise_never_comes_back_as_citations(shared_index):
    for question in ("zzzz qqqq", "Who won the 1998 football world cup final?"):
        assert shared_index.rag.retrieve(question) == []
    answer = shared_index.rag.answer("Who won the 1998 football world cup final?")
    assert answer["mode"] == "not-covered" and answer["citations"] == []
    assert "do not cover" in answer["answer"]


@pytest.mark.stage(4)
def test_question_terms_drop_stopwords_and_plurals():
    assert query_terms("How long do the batteries last, and the battery?") == [
        "batterie",
        "last",
        "battery",
    ]
    assert query_terms("What is LC-2209-K?") == ["lc", "2209", "k"]


@pytest.mark.stage(5)
def test_citations_carry_pdf_pages_and_heading_paths(shared_index):
    [torque] = shared_index.rag.retrieve("What torque do the stem bolts need?", top_k=1)
    assert torque.source == "parts-catalogue.pdf" and torque.page == 2
    assert torque.where == "parts-catalogue.pdf > p. 2"
    [e12] = shared_index.rag.retrieve("speed sensor spoke magnet E12", top_k=1)
    assert e12.page is None
    assert e12.heading == "Troubleshooting and error codes > E12 speed sensor error"
    assert e12.where.startswith("troubleshooting.md > Troubleshooting and error codes > E12")


@pytest.mark.stage(5)
def test_filter_by_document_returns_only_those(shared_index):
    hits = shared_index.rag.retrieve("battery charge", top_k=10, sources=["battery-care.txt"])
    assert hits and {c.source for c in hits} == {"battery-care.txt"}
    two = shared_index.rag.retrieve(
        "battery", top_k=20, sources=["battery-care.txt", "warranty.md"]
    )
    assert {c.source for c in two} <= {"battery-care.txt", "warranty.md"} and len(two) > 1
    assert shared_index.rag.retrieve("battery", sources=["no-such-doc.md"]) == []


@pytest.mark.stage(5)
def test_search_on_an_empty_store_returns_nothing(services):
    assert services.rag.retrieve("anything") == []


def test_the_index_is_named_after_the_embedder(services):
    assert services.store.space == services.embedder.key
    assert services.embedder.offline is True


@pytest.mark.stage(5)
def test_searches_only_see_finished_documents(services):
    """Chunks written by an ingest that has not recorded its document yet are not cited."""
    ingest_text(services, "a.md", "# A\n\nThe walrus ballet is on Tuesday.")
    doc = services.catalog.get("default", services.catalog.documents()[0].doc_id)
    services.catalog.delete("default", doc.doc_id)
    assert services.rag.retrieve("walrus ballet Tuesday") == []
