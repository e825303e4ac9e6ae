import math

import pytest
from naive_bayes import fit, predict, predict_proba

DOCS = [
    (["buy", "cheap", "pills"], "spam"),
    (["cheap", "buy"], "spam"),
    (["meeting", "today"], "ham"),
    (["buy", "lunch", "today"], "ham"),
]


def test_priors_and_smoothed_likelihoods():
    model = fit(DOCS + [(["cheap"], "spam")])
    assert model.log_prior["spam"] == pytest.approx(math.log(3 / 5))
    # spam has 6 tokens, |V| = 6: (count 3 + 1) / (6 + 6)
    assert model.log_likelihood["spam"]["cheap"] == pytest.approx(math.log(4 / 12))
    assert model.log_likelihood["ham"]["pills"] == pytest.approx(math.log(1 / 11))


def test_posteriors_by_hand():
    model = fit(DOCS)
    assert predict_proba(model, ["cheap"])["spam"] == pytest.approx(0.75)
    assert predict_proba(model, ["buy", "today"])["spam"] == pytest.approx(1 / 3)
    assert predict(model, ["buy", "today"]) == "ham"


def test_unknown_words_are_ignored_and_ties_go_alphabetically():
    model = fit(DOCS)
    assert predict_proba(model, ["zebra"]) == pytest.approx({"ham": 0.5, "spam": 0.5})
    assert predict(model, ["zebra"]) == "ham"


def test_long_documents_do_not_underflow():
    model = fit(DOCS)
    probs = predict_proba(model, ["cheap"] * 1000)
    assert sum(probs.values()) == pytest.approx(1.0)
    assert probs["spam"] == pytest.approx(1.0)
    assert predict(model, ["cheap"] * 1000) == "spam"


def test_no_documents_is_an_error():
    with pytest.raises(ValueError):
        fit([])
