import pytest
from mini_rag import SYSTEM_PROMPT, MiniRAG, RAGError

VECTORS = {
    "Refunds are issued within 14 days.": [1.0, 0.0, 0.0],
    "Shipping is free over 50 EUR.": [0.0, 1.0, 0.0],
    "Returns need the original receipt.": [0.8, 0.0, 0.6],
    "How long do refunds take?": [0.95, 0.1, 0.1],
    "Do you ship to Mars?": [0.0, 0.0, 1.0],
}
DOCS = [
    ("refunds", "Refunds are issued within 14 days."),
    ("shipping", "Shipping is free over 50 EUR."),
    ("returns", "Returns need the original receipt."),
]


@pytest.fixture
def rag(model_server):
    model_server.embed = lambda text: VECTORS[text]
    engine = MiniRAG(model_server.url)
    engine.add(DOCS)
    return engine


def test_documents_are_embedded_in_one_call(rag, model_server):
    embeds = [r for r in model_server.requests if r["path"] == "/api/embed"]
    assert len(embeds) == 1
    assert embeds[0]["body"]["input"] == [text for _, text in DOCS]


def test_retrieve_ranks_by_cosine(rag):
    assert [doc_id for doc_id, _ in rag.retrieve("How long do refunds take?", k=2)] == ["refunds", "returns"]
    assert [doc_id for doc_id, _ in rag.retrieve("Do you ship to Mars?", k=1)] == ["returns"]


def test_answer_builds_a_grounded_prompt(rag, model_server):
    model_server.script([{"content": "Refunds take up to 14 days [refunds]."}])
    out = rag.answer("How long do refunds take?")
    assert out == {
        "answer": "Refunds take up to 14 days [refunds].",
        "sources": ["refunds", "returns"],
        "citations_ok": True,
    }
    chat = model_server.chats[0]
    assert chat["stream"] is False
    assert chat["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert chat["messages"][1]["content"] == (
        "[refunds] Refunds are issued within 14 days.\n\n"
        "[returns] Returns need the original receipt.\n\n"
        "Question: How long do refunds take?"
    )


def test_invented_or_missing_citations_are_flagged(rag, model_server):
    model_server.script([{"content": "Free shipping over 50 EUR [shipping]."}, {"content": "About two weeks."}])
    assert rag.answer("How long do refunds take?")["citations_ok"] is False  # shipping was not retrieved
    assert rag.answer("How long do refunds take?")["citations_ok"] is False  # no citation at all


def test_empty_index_does_not_call_the_model(model_server):
    engine = MiniRAG(model_server.url)
    assert engine.answer("Anything?") == {"answer": "I don't know.", "sources": [], "citations_ok": False}
    assert model_server.chats == []


def test_server_errors_raise_rag_error(rag, model_server):
    model_server.script([{"error": "model not found", "status": 404}])
    with pytest.raises(RAGError, match="404"):
        rag.answer("How long do refunds take?")
    with pytest.raises(RAGError):
        MiniRAG("http://127.0.0.1:9").add(DOCS)
