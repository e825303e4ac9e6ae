"""Long-term memory (SQLite, embeddings, FTS5 fallback) and the short-term window."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_ollama import FakeOllama

from {{ cookiecutter.package_name }}.errors import ModelUnavailable
from {{ cookiecutter.package_name }}.llm import OllamaModel
from {{ cookiecutter.package_name }}.memory import LongTermMemory, ShortTermMemory

FACTS = [
    "The project codename is Bluebird.",
    "Deploys happen on Tuesdays.",
    "The staging database is Postgres 16.",
]


def test_facts_persist_and_fts_finds_them(tmp_path: Path) -> None:
    first = LongTermMemory(tmp_path / "memory.sqlite3")
    ids = [first.add(f) for f in FACTS]
    assert first.add("  The project   codename is Bluebird. ") == ids[0]  # same fact, stored once
    again = LongTermMemory(tmp_path / "memory.sqlite3")  # a later run
    hits = again.search("what is the codename?")
    assert [h.text for h in hits] == [FACTS[0]] and hits[0].method == "fts"
    assert again.search("deploy")[0].text == FACTS[1]  # prefix match
    assert again.search("zebra") == []
    assert len(again.all()) == 3


def test_embeddings_rank_by_similarity(tmp_path: Path, ollama: FakeOllama) -> None:
    model = OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5)
    memory = LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed)
    for fact in FACTS:
        memory.add(fact)
    hits = memory.search("staging database version")
    assert hits[0].text == FACTS[2] and hits[0].method == "embedding"
    embeds = ollama.bodies("/api/embed")
    assert len(embeds) == 4 and embeds[0]["model"] == "nomic-embed-text"


def test_no_embedding_call_while_no_fact_has_one(tmp_path: Path, ollama: FakeOllama) -> None:
    model = OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5)
    assert LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed).search("anything") == []
    assert ollama.bodies("/api/embed") == []


def test_falls_back_to_fts_when_embeddings_fail(tmp_path: Path, dead_host: str) -> None:
    model = OllamaModel(dead_host, "llama3.2", "nomic-embed-text", timeout=2)
    memory = LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed)
    memory.add(FACTS[0])
    assert memory.search("codename")[0].method == "fts"
    assert "not reachable" in (memory.last_embed_error or "")


def test_falls_back_when_the_embedding_model_is_missing(tmp_path: Path, ollama: FakeOllama) -> None:
    ollama.models = ["llama3.2:latest"]
    model = OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5)
    memory = LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed)
    memory.add(FACTS[1])
    assert memory.search("tuesdays")[0].text == FACTS[1]
    assert "ollama pull nomic-embed-text" in (memory.last_embed_error or "")


def test_short_term_window_summarises_past_its_budget() -> None:
    seen: list[str] = []

    def summarise(transcript: str) -> str:
        seen.append(transcript)
        return "steps 1-3 computed 395"

    window = ShortTermMemory(budget_chars=500, keep_last=2, summarise=summarise)
    folded = [window.add("user" if i % 2 == 0 else "assistant", f"message {i} " + "x" * 100) for i in range(6)]
    assert folded.index(True) == 4 and window.summaries >= 1
    messages = window.messages()
    assert messages[0] == {"role": "system", "content": "Summary of earlier steps: steps 1-3 computed 395"}
    assert messages[-1]["content"].startswith("message 5")
    assert "message 0" in seen[0]
    assert window.size() <= 500


def test_short_term_window_keeps_a_tail_when_the_model_is_down() -> None:
    def broken(transcript: str) -> str:
        raise ModelUnavailable("down")

    window = ShortTermMemory(budget_chars=600, keep_last=1, summarise=broken)
    for i in range(8):
        window.add("user", f"m{i} " + "y" * 120)
    first = window.messages()[0]
    assert first["role"] == "system" and first["content"].startswith("Summary of earlier steps: …")
    assert len(window.messages()) == 2


def test_empty_fact_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LongTermMemory(tmp_path / "m.sqlite3").add("   ")
