"""Long-term memory: facts in SQLite (WAL) with provenance, a numpy vector index and an FTS5 (or LIKE) fallback.

A fact is `active` (recalled into prompts and searches) or `pending` (quarantined: written by the
model after it read untrusted output; a person approves or forgets it with `agent memory`).
"""

from __future__ import annotations

# aieng:stage 4 begin
import re
# aieng:stage 4 stub
# aieng:stage 4 end
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ModelError, ModelUnavailable
from .vectors import VectorIndex, pack

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
# Columns added after the first version; old memory files are upgraded in place.
_COLUMNS = {
    "status": "TEXT NOT NULL DEFAULT 'active'",
    "provenance": "TEXT NOT NULL DEFAULT ''",
    "vector": "BLOB",
}
_STOPWORDS = frozenset(
    "the and are was were for with that this you your about from have has how does did can what who "
    "when where which why know tell there their them they our its not but all any".split()
)
_INDEXES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS facts_unembedded ON facts(id) WHERE vector IS NULL;
"""
_BUMP = "INSERT INTO meta (key, value) VALUES ('generation', 1) ON CONFLICT(key) DO UPDATE SET value = value + 1"
EMBED_RETRY_SECONDS = 60.0  # after a failed embedding call, do not retry re-embedding on every search
_FTS = "CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5(text, content='facts', content_rowid='id')"
REEMBED_BATCH = 64


@dataclass(frozen=True)
class Hit:
    """A fact found by `search`; `method` says how: embedding, fts or like."""

    id: int
    text: str
    score: float
    method: str


@dataclass(frozen=True)
class Fact:
    """A stored fact with where it came from."""

    id: int
    text: str
    source: str
    status: str
    provenance: str
    created_at: str
    embedded: bool


class LongTermMemory:
    """Facts that persist across runs, in one SQLite file shared safely by several processes."""

    def __init__(self, path: Path, embedder: Embedder | None = None, min_score: float = 0.4) -> None:
        self.path = Path(path)
        self.embedder = embedder
        self.min_score = min_score
        self.last_embed_error: str | None = None
        self._index: VectorIndex | None = None
        self._index_generation = -1
        self._embed_failed_at: float | None = None
        self.index_path = self.path.with_name(self.path.name + ".index")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, across processes
            db.executescript(_SCHEMA)
            have = {row[1] for row in db.execute("PRAGMA table_info(facts)")}
            for name, decl in _COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE facts ADD COLUMN {name} {decl}")
            db.executescript(_INDEXES)
            try:
                db.execute(_FTS)
                self.has_fts = True
            except sqlite3.OperationalError:  # SQLite built without FTS5
                self.has_fts = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA busy_timeout=30000")
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
            self._embed_failed_at = time.monotonic()
            return None
        return vectors if vectors and len(vectors) == len(texts) else None

    # -- writing ----------------------------------------------------------------------------
    def add(self, text: str, source: str = "", status: str = "active", provenance: str = "") -> int:
        """Store a fact once (the same text returns the existing id, even when two processes race)."""
        text = " ".join(text.split())
        if not text:
            raise ValueError("a fact cannot be empty")
        existing = self._id_of(text)
        if existing is not None:
            return existing
        vectors = self._embed([text])
        vector = pack(vectors[0]) if vectors else None
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO facts (text, source, created_at, status, provenance, vector) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(text) DO NOTHING",
                (text, source, datetime.now(timezone.utc).isoformat(), status, provenance, vector),
            )
            if cur.rowcount == 1:
                db.execute(_BUMP)
                if self.has_fts:
                    db.execute("INSERT INTO facts_fts (rowid, text) VALUES (?, ?)", (cur.lastrowid, text))
        fact_id = self._id_of(text)
        assert fact_id is not None  # inserted by us or by the process that won the race
        return fact_id

    def _id_of(self, text: str) -> int | None:
        with self._connect() as db:
            row = db.execute("SELECT id FROM facts WHERE text = ?", (text,)).fetchone()
        return int(row[0]) if row else None

    def approve(self, fact_id: int) -> bool:
        with self._connect() as db:
            changed = db.execute("UPDATE facts SET status = 'active' WHERE id = ?", (fact_id,)).rowcount == 1
            db.execute(_BUMP)
        return changed

    def forget(self, fact_id: int) -> bool:
        with self._connect() as db:
            row = db.execute("SELECT text FROM facts WHERE id = ?", (fact_id,)).fetchone()
            if row is None:
                return False
            if self.has_fts:
                db.execute("INSERT INTO facts_fts (facts_fts, rowid, text) VALUES ('delete', ?, ?)", (fact_id, row[0]))
            db.execute("DELETE FROM facts WHERE id = ?", (fact_id,))
            db.execute(_BUMP)
        return True

    def reembed_missing(self, batch: int = REEMBED_BATCH) -> int:
        """Embed up to `batch` facts stored without a vector (the model was down then); return how many."""
        if self.embedder is None:
            return 0
        if self._embed_failed_at is not None and time.monotonic() - self._embed_failed_at < EMBED_RETRY_SECONDS:
            return 0
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, text FROM facts WHERE vector IS NULL ORDER BY id LIMIT ?", (batch,)
            ).fetchall()
        if not rows:
            return 0
        vectors = self._embed([t for _, t in rows])
        if not vectors:
            return 0
        with self._connect() as db:
            db.executemany(
                "UPDATE facts SET vector = ? WHERE id = ?",
                [(pack(v), i) for (i, _), v in zip(rows, vectors, strict=True)],
            )
            db.execute(_BUMP)
        return len(rows)

    # -- reading ----------------------------------------------------------------------------
    def facts(self, status: str | None = None) -> list[Fact]:
        query = "SELECT id, text, source, status, provenance, created_at, vector IS NOT NULL FROM facts"
        params: tuple[str, ...] = ()
        if status:
            query, params = query + " WHERE status = ?", (status,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY id", params).fetchall()
        return [Fact(int(r[0]), r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def all(self) -> list[tuple[int, str]]:
        return [(f.id, f.text) for f in self.facts()]

    # aieng:stage 4 begin
    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Active facts: embedding matches at or above `min_score`; keyword matches when there are none."""
        hits: list[Hit] = []
        if query.strip() and self.embedder is not None and self._has_facts():
            self.reembed_missing()
            index = self._vector_index()
            vectors = self._embed([query]) if len(index) else None  # no model call when pointless
            if vectors:
                found = index.search(vectors[0], limit * 3, self.min_score)
                texts = self._texts([i for i, _ in found])
                hits = [Hit(i, texts[i], s, "embedding") for i, s in found if i in texts][:limit]
        if hits:  # confident semantic matches are not padded with keyword noise
            return hits
        return self._keyword_search(query, limit)
    # aieng:stage 4 stub
    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Active facts: embedding matches at or above `min_score`; keyword matches when there are none.

        With an embedder and at least one fact: embed any facts stored without a vector
        (`reembed_missing`), take the vector index (`_vector_index`) and, when it is not empty,
        embed the query and search it for `limit * 3` candidates at or above `min_score`; keep
        those that are active (`_texts`), best first, at most `limit`, as Hit(..., "embedding").
        Without such hits, fall back to `_keyword_search`. See STAGES.md, stage 4.
        """
        raise NotImplementedError("stage 4: search by embedding above the threshold, else by keywords")
    # aieng:stage 4 end

    def _has_facts(self) -> bool:
        with self._connect() as db:
            return bool(db.execute("SELECT EXISTS (SELECT 1 FROM facts)").fetchone()[0])

    def _texts(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._connect() as db:
            rows = db.execute(f"SELECT id, text FROM facts WHERE status = 'active' AND id IN ({marks})", ids)
            return {int(i): t for i, t in rows}

    def generation(self) -> int:
        """Bumped by every change to the facts; the vector index is rebuilt only when it moved."""
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def _vector_index(self) -> VectorIndex:
        generation = self.generation()
        if self._index is not None and generation == self._index_generation:
            return self._index
        index = VectorIndex.load(self.index_path, generation)
        if index is None:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT id, vector FROM facts WHERE vector IS NOT NULL AND status = 'active' ORDER BY id"
                ).fetchall()
            index = VectorIndex.build([int(i) for i, _ in rows], [bytes(v) for _, v in rows])
            index.save(self.index_path, generation)
        self._index, self._index_generation = index, generation
        return index

    # aieng:stage 4 begin
    def _keyword_search(self, query: str, limit: int) -> list[Hit]:
        words = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 2 and w not in _STOPWORDS][:32]
        if not words:
            return []
        with self._connect() as db:
            if self.has_fts:
                match = " OR ".join(f'"{w}"*' for w in words)
                rows = db.execute(
                    "SELECT f.id, f.text, bm25(facts_fts) FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid "
                    "WHERE facts_fts MATCH ? AND f.status = 'active' ORDER BY bm25(facts_fts) LIMIT ?",
                    (match, limit),
                ).fetchall()
                return [Hit(int(i), t, -float(s), "fts") for i, t, s in rows]
            clause = " OR ".join("lower(text) LIKE ?" for _ in words)
            rows = db.execute(
                f"SELECT id, text FROM facts WHERE status = 'active' AND ({clause}) ORDER BY id DESC LIMIT ?",
                (*(f"%{w}%" for w in words), limit),
            ).fetchall()
            return [Hit(int(i), t, 0.0, "like") for i, t in rows]
    # aieng:stage 4 stub
    def _keyword_search(self, query: str, limit: int) -> list[Hit]:
        """Active facts matching any word of `query` (longer than 2 letters, not a stopword).

        With FTS5 (`has_fts`): a prefix match of each word against `facts_fts`, ranked by bm25,
        as Hit(..., "fts") with score -bm25. Without it: `lower(text) LIKE %word%`, newest first,
        as Hit(..., "like") with score 0. A query with no usable word finds nothing. See STAGES.md, stage 4.
        """
        raise NotImplementedError("stage 4: full-text search (FTS5 with bm25, else LIKE) over active facts")
    # aieng:stage 4 end
