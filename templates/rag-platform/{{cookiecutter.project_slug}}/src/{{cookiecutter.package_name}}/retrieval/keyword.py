"""BM25 keyword search (SQLite FTS5), so exact terms a vector misses are still found.

The index also keeps every chunk's text, which is what re-embedding reads after an embedder
switch. It is independent of the vector store, so it serves Qdrant and Postgres alike.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
# aieng:stage 4 begin
from dataclasses import replace
# aieng:stage 4 stub
# aieng:stage 4 end
from pathlib import Path

from ..state import keep_open
from ..stores.base import Hit, StoredChunk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, collection TEXT NOT NULL, content_hash TEXT NOT NULL,
    chunk_index INTEGER NOT NULL, heading TEXT NOT NULL, page INTEGER, text TEXT NOT NULL,
    UNIQUE (collection, content_hash, chunk_index)
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""
_WORD = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how i if in is it its my of on or "
    "our so that the their then there this to was we what when where which who why will with "
    "you your me should much many long often use used using need needs get got did".split()
)
# aieng:stage 4 begin "Hybrid retrieval with a relevance threshold"


def query_terms(text: str, limit: int = 16) -> list[str]:
    """Lower-case content words of a question, plural `s` dropped, in order, no repeats."""
    terms: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        stem = word[:-1] if len(word) > 3 and word.endswith("s") and not word.isdigit() else word
        if stem not in terms:
            terms.append(stem)
    return terms[:limit]
# aieng:stage 4 stub


def query_terms(text: str, limit: int = 16) -> list[str]:
    """Lower-case content words of a question, plural `s` dropped, in order, no repeats.

    Words are what `_WORD` finds in the lower-cased text; drop the `STOPWORDS`; a word longer
    than 3 characters that ends in `s` (and is not a number) loses that `s`. At most `limit`.
    """
    raise NotImplementedError("stage 4: turn the question into its search terms")
# aieng:stage 4 end


def _matches(term: str, tokens: set[str]) -> bool:
    if len(term) >= 4 and not term.isdigit():
        return any(token.startswith(term) for token in tokens)
    return term in tokens


class KeywordIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._keeper = keep_open(path, _SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable, no fsync per commit
        try:
            yield conn
            conn.commit()
        finally:
            conn.close()

    def add(self, chunks: Sequence[StoredChunk]) -> None:
        with self._db() as db:
            db.executemany(
                "INSERT OR REPLACE INTO chunks"
                " (collection, content_hash, chunk_index, heading, page, text)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (c.collection, c.content_hash, c.chunk_index, c.heading, c.page, c.text)
                    for c in chunks
                ],
            )

    def has_content(self, collection: str, content_hash: str) -> bool:
        with self._db() as db:
            row = db.execute(
                "SELECT 1 FROM chunks WHERE collection = ? AND content_hash = ? LIMIT 1",
                (collection, content_hash),
            ).fetchone()
        return row is not None

    def count_content(self, collection: str, content_hash: str) -> int:
        with self._db() as db:
            (n,) = db.execute(
                "SELECT count(*) FROM chunks WHERE collection = ? AND content_hash = ?",
                (collection, content_hash),
            ).fetchone()
        return int(n)

    def delete_content(self, collection: str, content_hash: str) -> int:
        with self._db() as db:
            return db.execute(
                "DELETE FROM chunks WHERE collection = ? AND content_hash = ?",
                (collection, content_hash),
            ).rowcount

    def contents(self) -> Iterator[list[StoredChunk]]:
        """Every stored content's chunks, one content at a time (what re-embedding reads)."""
        with self._db() as db:
            keys = db.execute(
                "SELECT DISTINCT collection, content_hash FROM chunks ORDER BY 1, 2"
            ).fetchall()
        for collection, content_hash in keys:
            with self._db() as db:
                rows = db.execute(
                    "SELECT chunk_index, heading, page, text FROM chunks"
                    " WHERE collection = ? AND content_hash = ? ORDER BY chunk_index",
                    (collection, content_hash),
                ).fetchall()
            yield [StoredChunk(collection, content_hash, *row) for row in rows]

    def close(self) -> None:
        self._keeper.close()

    def count(self) -> int:
        with self._db() as db:
            return int(db.execute("SELECT count(*) FROM chunks").fetchone()[0])

    def _idf(self, db: sqlite3.Connection, terms: Sequence[str]) -> dict[str, float]:
        total = int(db.execute("SELECT count(*) FROM chunks").fetchone()[0])
        idf = {}
        for term in terms:
            if len(term) >= 4 and not term.isdigit():  # prefix term: all words it starts
                (df,) = db.execute(
                    "SELECT coalesce(sum(doc), 0) FROM chunks_vocab WHERE term >= ? AND term < ?",
                    (term, term + "\U0010ffff"),
                ).fetchone()
            else:
                row = db.execute("SELECT doc FROM chunks_vocab WHERE term = ?", (term,)).fetchone()
                df = row[0] if row else 0
            df = min(int(df), total)
            idf[term] = math.log(1 + (total - df + 0.5) / (df + 0.5))
        return idf
    # aieng:stage 4 begin

    def search(
        self,
        question: str,
        limit: int,
        collections: Sequence[str],
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        """Best BM25 matches; each hit's keyword_coverage says how much of the question it has."""
        terms = query_terms(question)
        if not terms or not collections:
            return []
        match = " OR ".join(
            f'"{t}"*' if len(t) >= 4 and not t.isdigit() else f'"{t}"' for t in terms
        )
        where = f"c.collection IN ({','.join('?' * len(collections))})"
        params: list[object] = [match, *collections]
        if content_hashes is not None:
            if not content_hashes:
                return []
            where += f" AND c.content_hash IN ({','.join('?' * len(content_hashes))})"
            params.extend(content_hashes)
        with self._db() as db:
            rows = db.execute(
                "SELECT c.collection, c.content_hash, c.chunk_index, c.heading, c.page, c.text,"
                " bm25(chunks_fts) FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid"
                f" WHERE chunks_fts MATCH ? AND {where} ORDER BY bm25(chunks_fts) LIMIT ?",
                [*params, limit],
            ).fetchall()
            idf = self._idf(db, terms) if rows else {}
        weight = sum(idf.values()) or 1.0
        hits = []
        for collection, content_hash, index, heading, page, text, bm25 in rows:
            tokens = set(_WORD.findall(text.lower()))
            covered = sum(w for t, w in idf.items() if _matches(t, tokens)) / weight
            hit = Hit(collection, content_hash, index, heading, page, text, score=-float(bm25))
            hits.append(replace(hit, keyword_coverage=round(covered, 4)))
        return hits
    # aieng:stage 4 stub

    def search(
        self,
        question: str,
        limit: int,
        collections: Sequence[str],
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        """Best BM25 matches; each hit's keyword_coverage says how much of the question it has.

        Match the question's `query_terms` in the FTS5 table `chunks_fts` (any term: join them
        with OR; a term of 4+ letters matches as a prefix, `"term"*`), joined to `chunks` for
        the columns, within `collections` (and `content_hashes` when given: an empty list finds
        nothing), best `bm25(chunks_fts)` first (lower is better), at most `limit`. A hit's
        `score` is -bm25; its `keyword_coverage` is the IDF-weighted share of the terms found
        in its text (`self._idf` weighs them, `_matches` tests one), rounded to 4 places.
        """
        raise NotImplementedError("stage 4: search the keyword index with BM25")
    # aieng:stage 4 end
