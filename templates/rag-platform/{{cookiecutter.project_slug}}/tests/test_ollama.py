"""The Ollama seam against a loopback fake: /api/embed, streamed chat, errors, embedder choice."""

import pytest

from {{ cookiecutter.package_name }}.answers.llm import OllamaChat, make_client, ollama_reachable
from {{ cookiecutter.package_name }}.errors import LLMUnavailable
from {{ cookiecutter.package_name }}.retrieval.embedders import (
    HashingEmbedder,
    OllamaEmbedder,
    choose_embedder,
    select_embedder,
)


@pytest.fixture
def client(settings, fake_ollama):
    return make_client(settings.model_copy(update={"ollama_host": fake_ollama.url}))


@pytest.mark.stage(2)
def test_embed_goes_through_api_embed_in_batches(client, fake_ollama):
    embedder = OllamaEmbedder(client, "{{ cookiecutter.embedding_model }}")
    embedder.batch_size = 2
    vectors = embedder.embed(["a", "b", "c"])
    assert len(vectors) == 3 and len(vectors[0]) == 256
    calls = [b for p, b in fake_ollama.requests if p == "/api/embed"]
    assert [c["input"] for c in calls] == [["a", "b"], ["c"]]
    assert embedder.key.startswith("ollama-")


@pytest.mark.stage(2)
def test_select_embedder_prefers_ollama_and_falls_back(settings, client, fake_ollama):
    online = settings.model_copy(update={"offline": False})
    assert isinstance(select_embedder(online, client), OllamaEmbedder)
    fake_ollama.models.clear()
    assert isinstance(select_embedder(online, client), HashingEmbedder)
    assert isinstance(select_embedder(settings, None), HashingEmbedder)


def test_chat_streams_tokens(client, fake_ollama):
    chat = OllamaChat(client, "{{ cookiecutter.chat_model }}")
    assert list(chat.stream([{"role": "user", "content": "hi"}])) == fake_ollama.reply


def test_chat_errors_become_llm_unavailable(settings, client, fake_ollama):
    missing = OllamaChat(client, "no-such-model")
    with pytest.raises(LLMUnavailable, match="ollama pull no-such-model"):
        list(missing.stream([{"role": "user", "content": "hi"}]))
    down = OllamaChat(make_client(settings), "{{ cookiecutter.chat_model }}")  # closed port
    with pytest.raises(LLMUnavailable, match="not reachable"):
        list(down.stream([{"role": "user", "content": "hi"}]))
    with pytest.raises(LLMUnavailable, match="not reachable"):
        down.complete([{"role": "user", "content": "hi"}])


def test_reachability_probe(settings, fake_ollama):
    assert ollama_reachable(fake_ollama.url)
    assert not ollama_reachable(settings.ollama_host)


@pytest.mark.stage(2)
def test_the_offline_embedder_is_deterministic_and_normalised():
    embedder = HashingEmbedder(128)
    a, b = embedder.embed(["Battery storage guide", "Battery storage guide"])
    assert a == b and abs(sum(x * x for x in a) - 1) < 1e-9
    assert embedder.embed([""])[0] == [0.0] * 128
    assert "offline fallback" in embedder.label


@pytest.mark.stage(2)
def test_choice_keeps_a_filled_ollama_index_and_never_pins_the_fallback(
    settings, client, fake_ollama
):
    online = settings.model_copy(update={"offline": False})
    key = OllamaEmbedder(client, "{{ cookiecutter.embedding_model }}").key
    fake_ollama.models.clear()
    kept = choose_embedder(online, client, {key: 12})
    assert isinstance(kept.embedder, OllamaEmbedder) and not kept.waiting_for_ollama
    fallback = choose_embedder(online, client, {})
    assert fallback.embedder.offline and fallback.waiting_for_ollama
    assert "ollama pull" in fallback.reason
    offline = choose_embedder(settings, None, {key: 12})
    assert offline.embedder.offline and not offline.waiting_for_ollama
