import math

import pytest
from bm25 import BM25, tokenize

DOCS = [
    "The cat sat on the mat",  # 6 tokens
    "the dog sat",  # 3 tokens
    "Cats and dogs",  # 3 tokens
    "Error ERR-4012 in payment service",  # 6 tokens; avgdl = 4.5
]


def test_tokenize():
    assert tokenize("Error ERR-4012, in Payment-Service!") == ["error", "err", "4012", "in", "payment", "service"]


def test_idf_is_lucene_style_and_positive():
    bm = BM25(DOCS)
    assert bm.idf("sat") == pytest.approx(math.log(2))  # (4-2+0.5)/(2+0.5) + 1 = 2
    assert bm.idf("cat") == pytest.approx(math.log(3.5 / 1.5 + 1))
    assert bm.idf("unicorn") == pytest.approx(math.log(4.5 / 0.5 + 1))
    assert BM25(["a b", "a c", "a d"]).idf("a") > 0  # in every document, still not negative


def test_score_by_hand():
    bm = BM25(DOCS)
    assert bm.score("sat", 1) == pytest.approx(math.log(2) * 2.5 / (1 + 1.5 * (0.25 + 0.75 * 3 / 4.5)))  # 0.8155
    assert bm.score("sat", 0) == pytest.approx(math.log(2) * 2.5 / (1 + 1.5 * (0.25 + 0.75 * 6 / 4.5)))  # 0.6027
    assert bm.score("sat", 2) == 0.0


def test_shorter_documents_win_and_b_controls_it():
    assert [i for i, _ in BM25(DOCS).search("sat", 5)] == [1, 0]
    flat = BM25(DOCS, b=0.0)
    assert flat.score("sat", 0) == pytest.approx(flat.score("sat", 1))


def test_term_frequency_saturates():
    bm = BM25(DOCS)
    norm = 1.5 * (0.25 + 0.75 * 6 / 4.5)
    # "the" appears twice in document 0: more credit than once, far less than twice as much
    assert bm.score("the", 0) == pytest.approx(math.log(2) * 2 * 2.5 / (2 + norm))
    single = math.log(2) * 2.5 / (1 + norm)
    assert single < bm.score("the", 0) < 2 * single


def test_distinct_query_terms_and_identifiers():
    bm = BM25(DOCS)
    assert bm.score("sat sat SAT", 1) == pytest.approx(bm.score("sat", 1))
    hits = bm.search("what is ERR-4012?", 3)
    assert [i for i, _ in hits] == [3]
    assert bm.search("", 3) == [] and bm.search("unicorn", 3) == []


def test_ties_by_index_and_k():
    bm = BM25(["alpha beta", "beta alpha", "gamma"])
    assert [i for i, _ in bm.search("alpha", 5)] == [0, 1]
    assert len(bm.search("alpha beta", 1)) == 1
