"""The optional reranker: off by default; when on, the chat model reorders the passages."""

import json

import pytest

from {{ cookiecutter.package_name }}.retrieval.rerank import LLMReranker
from {{ cookiecutter.package_name }}.services import build_services
from {{ cookiecutter.package_name }}.stores.base import Hit

from .conftest import ingest_text


def _hits(n: int) -> list[Hit]:
    return [Hit("default", f"h{i}", 0, "", None, f"passage {i}", 1.0 / (i + 1)) for i in range(n)]


@pytest.fixture
def reranking(settings, fake_ollama):
    online = settings.model_copy(
        update={"offline": False, "ollama_host": fake_ollama.url, "rerank": True}
    )
    services = build_services(online)
    yield services
    services.close()


@pytest.mark.stage(2)
def test_rerank_is_off_by_default(online_services):
    assert online_services.settings.rerank is False
    assert online_services.retriever.reranker is None, "even with a chat model available"


@pytest.mark.stage(5)
def test_the_chat_model_reorders_passages(reranking, fake_ollama):
    for name in ("a", "b", "c"):
        ingest_text(reranking, f"{name}.md", f"# {name}\n\nThe bell {name} rings at noon.")
    before = reranking.retriever.candidates("bell rings noon", 12, ["default"])
    assert len(before) == 3
    fake_ollama.complete_reply = json.dumps({"scores": [1, 9, 5]})
    ranked = reranking.rag.retrieve("bell rings noon")
    assert [c.score for c in ranked] == [9.0, 5.0, 1.0]
    [call] = [b for p, b in fake_ollama.requests if p == "/api/chat" and b.get("format")]
    assert call["format"]["properties"]["scores"]["type"] == "array"
    assert call["messages"][0]["content"].count("<passage n=") == 3


@pytest.mark.stage(2)
@pytest.mark.parametrize("reply", ["not json", json.dumps({"scores": [1]})])
def test_a_bad_reranker_answer_keeps_the_fused_order(reranking, fake_ollama, reply):
    fake_ollama.complete_reply = reply
    hits = _hits(3)
    assert LLMReranker(reranking.chat).rerank("q", hits) == hits
