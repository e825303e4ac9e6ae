"""Long-term memory: facts in SQLite with embedding search, and an FTS5 (or LIKE) keyword fallback."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ModelError, ModelUnavailable

Embedder = Callable[[Sequence[str]], "list[list[float]] | None"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    embedding TEXT
);
"""
_STOPWORDS = frozenset(
    "the and are was were for with that this you your about from have has how does did can what who "
    "when where which why know tell there their them they our its not but all any".split()
)
_FTS = "CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5(text, content='facts', content_rowid='id')"


@dataclass(frozen=True)
class Hit:
    """A fact found by `search`; `method` says how: embedding, fts or like."""

    id: int
    text: str
    score: float
    method: str


class LongTermMemory:
    """Facts that persist across runs, in one SQLite file."""

    def __init__(self, path: Path, embedder: Embedder | None = None) -> None:
        self.path = Path(path)
        self.embedder = embedder
        self.last_embed_error: str | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)
            try:
                db.execute(_FTS)
                self.has_fts = True
            except sqlite3.OperationalError:  # SQLite built without FTS5
                self.has_fts = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def _embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        if self.embedder is None:
            return None
        try:
            vectors = self.embedder(texts)
        except (ModelUnavailable, ModelError) as e:
            self.last_embed_error = str(e)
            return None
        return vectors if vectors and len(vectors) == len(texts) else None

    def add(self, text: str, source: str = "") -> int:
        """Store a fact (once: the same text returns the existing id); embed it when possible."""
        text = " ".join(text.split())
        if not text:
            raise ValueError("a fact cannot be empty")
        with self._connect() as db:
            row = db.execute("SELECT id FROM facts WHERE text = ?", (text,)).fetchone()
            if row:
                return int(row[0])
        vectors = self._embed([text])
        embedding = json.dumps(vectors[0]) if vectors else None
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO facts (text, source, created_at, embedding) VALUES (?, ?, ?, ?)",
                (text, source, datetime.now(timezone.utc).isoformat(), embedding),
            )
            fact_id = int(cur.lastrowid or 0)
            if self.has_fts:
                db.execute("INSERT INTO facts_fts (rowid, text) VALUES (?, ?)", (fact_id, text))
        return fact_id

    def all(self) -> list[tuple[int, str]]:
        with self._connect() as db:
            return [(int(i), t) for i, t in db.execute("SELECT id, text FROM facts ORDER BY id")]

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Embedding similarity first (when the model can embed), then keyword matches."""
        hits: list[Hit] = []
        with self._connect() as db:
            embedded = db.execute("SELECT EXISTS (SELECT 1 FROM facts WHERE embedding IS NOT NULL)").fetchone()[0]
        vectors = self._embed([query]) if query.strip() and embedded else None  # no model call when pointless
        if vectors:
            hits = self._vector_search(vectors[0], limit)
        seen = {h.id for h in hits}
        for h in self._keyword_search(query, limit):
            if h.id not in seen and len(hits) < limit:
                hits.append(h)
        return hits[:limit]

    def _vector_search(self, query: list[float], limit: int) -> list[Hit]:
        with self._connect() as db:
            rows = db.execute("SELECT id, text, embedding FROM facts WHERE embedding IS NOT NULL").fetchall()
        scored = []
        for fact_id, text, raw in rows:
            vector = json.loads(raw)
            if len(vector) == len(query):
                scored.append(Hit(int(fact_id), text, _cosine(query, vector), "embedding"))
        scored.sort(key=lambda h: h.score, reverse=True)
        return [h for h in scored[:limit] if h.score > 0]

    def _keyword_search(self, query: str, limit: int) -> list[Hit]:
        words = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 2 and w not in _STOPWORDS]
        if not words:
            return []
        with self._connect() as db:
            if self.has_fts:
                match = " OR ".join(f'"{w}"*' for w in words)
                rows = db.execute(
                    "SELECT rowid, text, bm25(facts_fts) FROM facts_fts WHERE facts_fts MATCH ? "
                    "ORDER BY bm25(facts_fts) LIMIT ?",
                    (match, limit),
                ).fetchall()
                return [Hit(int(i), t, -float(s), "fts") for i, t, s in rows]
            clause = " OR ".join("lower(text) LIKE ?" for _ in words)
            rows = db.execute(
                f"SELECT id, text FROM facts WHERE {clause} ORDER BY id DESC LIMIT ?",
                (*(f"%{w}%" for w in words), limit),
            ).fetchall()
            return [Hit(int(i), t, 0.0, "like") for i, t in rows]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0
