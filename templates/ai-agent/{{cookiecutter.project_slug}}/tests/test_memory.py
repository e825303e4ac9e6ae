"""Long-term memory (SQLite, embeddings, FTS5 fallback) and the short-term window."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
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


@pytest.mark.stage(4)
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


@pytest.mark.stage(4)
def test_embeddings_rank_by_similarity(tmp_path: Path, ollama: FakeOllama) -> None:
    model = OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5)
    memory = LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed)
    for fact in FACTS:
        memory.add(fact)
    hits = memory.search("staging database version")
    assert hits[0].text == FACTS[2] and hits[0].method == "embedding"
    embeds = ollama.bodies("/api/embed")
    assert len(embeds) == 4 and embeds[0]["model"] == "nomic-embed-text"


@pytest.mark.stage(4)
def test_no_embedding_call_while_no_fact_has_one(tmp_path: Path, ollama: FakeOllama) -> None:
    model = OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5)
    assert LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed).search("anything") == []
    assert ollama.bodies("/api/embed") == []


@pytest.mark.stage(4)
def test_falls_back_to_fts_when_embeddings_fail(tmp_path: Path, dead_host: str) -> None:
    model = OllamaModel(dead_host, "llama3.2", "nomic-embed-text", timeout=2)
    memory = LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed)
    memory.add(FACTS[0])
    assert memory.search("codename")[0].method == "fts"
    assert "not reachable" in (memory.last_embed_error or "")


@pytest.mark.stage(4)
def test_falls_back_when_the_embedding_model_is_missing(tmp_path: Path, ollama: FakeOllama) -> None:
    ollama.models = ["llama3.2:latest"]
    model = OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5)
    memory = LongTermMemory(tmp_path / "m.sqlite3", embedder=model.embed)
    memory.add(FACTS[1])
    assert memory.search("tuesdays")[0].text == FACTS[1]
    assert "ollama pull nomic-embed-text" in (memory.last_embed_error or "")


@pytest.mark.stage(4)
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


@pytest.mark.stage(4)
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


def fixed(vectors: dict[str, list[float]]):  # noqa: ANN201 - a tiny embedder for exact scores
    return lambda texts: [vectors[t] for t in texts]


@pytest.mark.stage(4)
def test_a_similarity_threshold_not_any_positive_cosine(tmp_path: Path) -> None:
    vectors = {"close": [1.0, 0.1, 0.0], "far": [0.3, 1.0, 0.0], "query": [1.0, 0.0, 0.0]}
    memory = LongTermMemory(tmp_path / "m.sqlite3", embedder=fixed(vectors), min_score=0.5)
    memory.add("close")
    memory.add("far")  # cosine 0.29 with the query: positive, yet not a match
    hits = memory.search("query")
    assert [(h.text, h.method) for h in hits] == [("close", "embedding")] and hits[0].score > 0.99


@pytest.mark.stage(4)
def test_wal_and_a_shared_index_across_instances(tmp_path: Path) -> None:
    vectors = {"a": [1.0, 0.0], "b": [0.0, 1.0], "query a": [1.0, 0.05], "query b": [0.05, 1.0]}
    first = LongTermMemory(tmp_path / "m.sqlite3", embedder=fixed(vectors))
    second = LongTermMemory(tmp_path / "m.sqlite3", embedder=fixed(vectors))
    with sqlite3.connect(tmp_path / "m.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first.add("a")
    assert [h.text for h in second.search("query a")] == ["a"]
    second.add("b")  # the first instance's cached index must notice
    assert [h.text for h in first.search("query b")] == ["b"]
    first.forget(second.search("query b")[0].id)
    assert second.search("query b") == []
    saved = sorted(p.name for p in tmp_path.glob("m.sqlite3.index.*.npy"))  # older generations are removed
    assert saved == [
        f"m.sqlite3.index.{second.generation()}.ids.npy",
        f"m.sqlite3.index.{second.generation()}.matrix.npy",
    ]


@pytest.mark.stage(4)
def test_facts_stored_while_the_model_was_down_are_embedded_later(
    tmp_path: Path, ollama: FakeOllama, dead_host: str
) -> None:
    path = tmp_path / "m.sqlite3"
    down = LongTermMemory(path, embedder=OllamaModel(dead_host, "llama3.2", "nomic-embed-text", timeout=2).embed)
    down.add(FACTS[2])
    assert [f.embedded for f in down.facts()] == [False]
    up = LongTermMemory(path, embedder=OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5).embed)
    hits = up.search("staging database version")
    assert hits[0].text == FACTS[2] and hits[0].method == "embedding"  # not starved: re-embedded first
    assert [f.embedded for f in up.facts()] == [True]


def test_an_old_memory_file_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE facts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, source TEXT NOT NULL DEFAULT '', "
            "created_at TEXT NOT NULL, embedding TEXT)"
        )
        db.execute("INSERT INTO facts (text, created_at, embedding) VALUES ('Old fact.', 'then', '[1.0, 0.0]')")
    memory = LongTermMemory(path)
    (fact,) = memory.facts()
    assert fact.text == "Old fact." and fact.status == "active" and not fact.embedded
    assert memory.add("Old fact.") == fact.id


@pytest.mark.stage(4)
def test_the_benchmark_runs_and_states_the_target(tmp_path: Path) -> None:
    bench = Path(__file__).resolve().parents[1] / "bench" / "memory_recall.py"
    done = subprocess.run(
        [sys.executable, str(bench), "--facts", "300", "--dims", "32", "--repeat", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "recall over 300 facts" in done.stdout and "target <= 100 ms:" in done.stdout
