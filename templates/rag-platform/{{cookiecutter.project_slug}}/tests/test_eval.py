"""Evaluation numbers on the sample set, stored runs, the dashboard, and faithfulness judging."""

import json

import pytest

from {{ cookiecutter.package_name }}.answers.llm import OllamaChat, make_client
from {{ cookiecutter.package_name }}.errors import GoldenSetError
from {{ cookiecutter.package_name }}.observability.distractors import COLLECTION, distractor_documents
from {{ cookiecutter.package_name }}.observability.evaluation import evaluate, load_golden

from .conftest import GOLDEN


@pytest.mark.stage(7)
def test_recall_mrr_and_abstention_on_the_sample_set(indexed):
    run = evaluate(indexed.rag, load_golden(GOLDEN), k=4)
    assert run.recall_at_k >= 0.9
    assert run.mrr >= 0.8
    assert run.fact_recall >= 0.9
    assert run.abstention == 1.0, "every unanswerable question retrieves nothing"
    assert run.faithfulness is None and run.judge is None
    assert run.distractors == 0 and run.recall_at_k_distractors is None
    assert len(run.items) == len(load_golden(GOLDEN))
    assert "offline" in run.embedder


@pytest.mark.stage(7)
def test_distractors_are_scored_separately_and_kept_out_of_sight(indexed):
    items = load_golden(GOLDEN)
    run = evaluate(
        indexed.rag, items, k=4, distractors=60, ingestor=indexed.ingestor, catalog=indexed.catalog
    )
    assert run.distractors == 60 == indexed.catalog.count(COLLECTION)
    assert run.recall_at_k_distractors is not None and run.mrr_distractors is not None
    assert 0.8 <= run.recall_at_k_distractors <= 1.0 and run.mrr_distractors <= 1.0
    assert run.recall_at_k == evaluate(indexed.rag, items, k=4).recall_at_k, (
        "the plain score is unchanged"
    )
    assert all(c.collection == "default" for c in indexed.rag.retrieve("battery warranty")), (
        "users never see distractors"
    )
    again = evaluate(
        indexed.rag,
        items[:2],
        k=4,
        distractors=60,
        ingestor=indexed.ingestor,
        catalog=indexed.catalog,
    )
    assert again.distractors == 60, "distractors are indexed once and reused"


def test_distractors_are_deterministic_and_plausible():
    first, second = distractor_documents(5), distractor_documents(5)
    assert first == second and len({d.doc_id for d in first}) == 5
    text = b" ".join(d.data for d in distractor_documents(50)).lower()
    assert all(word in text for word in (b"battery", b"warranty", b"error code", b"hours"))


@pytest.mark.stage(7)
def test_metrics_follow_their_definitions(indexed):
    items = load_golden(GOLDEN)
    top1 = evaluate(indexed.rag, items, k=1)
    top4 = evaluate(indexed.rag, items, k=4)
    assert top1.recall_at_k == top1.mrr, "with one hit, recall@1 and MRR coincide"
    assert top1.recall_at_k <= top4.recall_at_k
    for item in top4.items:
        assert item.reciprocal_rank in (0.0, 1.0, 0.5, 1 / 3, 0.25)
        assert len(item.retrieved) <= 4
        assert item.abstained == (not item.retrieved)


@pytest.mark.stage(7)
def test_a_question_with_no_relevant_hit_scores_zero(indexed):
    [item] = load_golden(GOLDEN)[:1]
    wrong = item.model_copy(update={"expected_sources": ["no-such-file.md"]})
    run = evaluate(indexed.rag, [wrong], k=4)
    assert run.recall_at_k == 0.0 and run.mrr == 0.0


@pytest.mark.stage(7)
def test_runs_are_stored_and_listed_oldest_first(indexed):
    items = load_golden(GOLDEN)
    first = indexed.runs.save(evaluate(indexed.rag, items, k=1))
    second = indexed.runs.save(evaluate(indexed.rag, items, k=4))
    runs = indexed.runs.list()
    assert [r.id for r in runs] == [first.id, second.id]
    assert runs[1].recall_at_k == second.recall_at_k
    assert runs[1].items[0].question == items[0].question


@pytest.mark.stage(7)
def test_dashboard_shows_runs_over_time_with_a_chart(api):
    for k, distractors in ((1, 0), (4, 30)):
        body = {"k": k, "distractors": distractors}
        assert api.client.post("/eval", json=body, headers=api.auth("admin")).status_code == 200
    page = api.client.get("/dashboard/view", headers=api.auth("query"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<svg" in html and html.count('class="series"') >= 3
    assert html.count('<tr class="run">') == 2
    assert "recall@4" in html and "{{ '{{' }}" not in html
    assert 'id="distractors"' in html and "with 30 distractors" in html
    runs = api.client.get("/eval/runs", headers=api.auth("query")).json()["runs"]
    assert [r["k"] for r in runs] == [1, 4]


@pytest.mark.stage(7)
def test_empty_dashboard_explains_how_to_start(api):
    html = api.client.get("/dashboard/view", headers=api.auth("query")).text
    assert 'id="empty"' in html


@pytest.mark.stage(7)
def test_faithfulness_is_judged_when_ollama_is_up(indexed, fake_ollama):
    chat = OllamaChat(
        make_client(indexed.settings.model_copy(update={"ollama_host": fake_ollama.url})),
        "{{ cookiecutter.chat_model }}",
    )
    fake_ollama.judge_score = 0.75
    run = evaluate(indexed.rag, load_golden(GOLDEN)[:2], k=3, judge=chat)
    assert run.faithfulness == 0.75 and run.judge == "{{ cookiecutter.chat_model }}"
    judge_calls = [b for p, b in fake_ollama.requests if p == "/api/chat" and b.get("format")]
    assert len(judge_calls) == 2 and judge_calls[0]["format"]["type"] == "object"


@pytest.mark.stage(7)
def test_faithfulness_is_skipped_when_ollama_is_down(indexed, settings):
    chat = OllamaChat(make_client(settings), "{{ cookiecutter.chat_model }}")  # closed port
    run = evaluate(indexed.rag, load_golden(GOLDEN)[:2], k=3, judge=chat)
    assert run.faithfulness is None and run.judge is None and run.recall_at_k > 0


def test_bad_golden_sets_name_the_file_and_the_problem(tmp_path):
    with pytest.raises(GoldenSetError, match="not found"):
        load_golden(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "x", "question": "q", "expected_sources": []}]))
    with pytest.raises(GoldenSetError, match=r"bad\.json: 0: .*unanswerable"):
        load_golden(bad)
    bad.write_text(
        json.dumps([{"id": "x", "question": "q", "expected_sources": ["a"], "unanswerable": True}])
    )
    with pytest.raises(GoldenSetError, match="expects no sources"):
        load_golden(bad)
    bad.write_text("[")
    with pytest.raises(GoldenSetError, match="invalid JSON"):
        load_golden(bad)
