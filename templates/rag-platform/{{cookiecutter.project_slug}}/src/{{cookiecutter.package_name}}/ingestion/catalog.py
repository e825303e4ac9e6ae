"""Document identity and ownership: which documents exist, in which collection, owned by whom.

A document is (collection, doc_id). Its chunks are stored under its content hash, so identical
content is stored once per collection and shared; the same file name from another source is
another document. Only the key that created a document, or an admin key, may replace or delete it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import Forbidden, RagError
from ..state import connect

COLLECTION_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
RESERVED_PREFIX = "_"
"""Collections starting with _ are internal (eval distractors); no key names them."""


def check_collection(name: str) -> str:
    if not COLLECTION_NAME.fullmatch(name):
        raise RagError(
            f"invalid collection name {name!r}: use 1-64 lower-case letters, digits, - or _"
        )
    return name


def check_doc_id(doc_id: str) -> str:
    if not doc_id.strip() or len(doc_id) > 512 or any(ord(ch) < 32 for ch in doc_id):
        raise RagError("a document id must be 1-512 printable characters")
    return doc_id


@dataclass(frozen=True)
class Actor:
    """Who writes: an API key's id (or `cli`), and whether it may touch everyone's documents."""

    id: str
    admin: bool = False


CLI = Actor("cli", admin=True)


@dataclass(frozen=True)
class Document:
    collection: str
    doc_id: str
    source: str
    content_hash: str
    owner: str
    chunks: int
    created_at: str
    updated_at: str

    def to_dict(self) -> dict:
        return asdict(self)


def check_owner(doc: Document | None, actor: Actor) -> None:
    """Forbidden unless `actor` created `doc` or is an admin (a new document is anyone's)."""
    if doc is not None and not actor.admin and doc.owner != actor.id:
        raise Forbidden(
            f"document {doc.doc_id!r} in {doc.collection!r} belongs to another key; "
            "only its owner or an admin key may replace or delete it"
        )


class Catalog:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def get(self, collection: str, doc_id: str) -> Document | None:
        with connect(self.db_path) as db:
            row = db.execute(
                "SELECT * FROM documents WHERE collection = ? AND doc_id = ?", (collection, doc_id)
            ).fetchone()
        return Document(**dict(row)) if row else None

    def put(self, doc: Document) -> None:
        with connect(self.db_path) as db:
            db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.collection,
                    doc.doc_id,
                    doc.source,
                    doc.content_hash,
                    doc.owner,
                    doc.chunks,
                    doc.created_at,
                    doc.updated_at,
                ),
            )

    def delete(self, collection: str, doc_id: str) -> None:
        with connect(self.db_path) as db:
            db.execute(
                "DELETE FROM documents WHERE collection = ? AND doc_id = ?", (collection, doc_id)
            )

    def references(self, collection: str, content_hash: str) -> int:
        with connect(self.db_path) as db:
            (n,) = db.execute(
                "SELECT count(*) FROM documents WHERE collection = ? AND content_hash = ?",
                (collection, content_hash),
            ).fetchone()
        return int(n)

    def documents(self, collections: Sequence[str] | None = None) -> list[Document]:
        query, params = "SELECT * FROM documents", []
        if collections is not None:
            query += f" WHERE collection IN ({','.join('?' * len(collections))})"
            params = list(collections)
        with connect(self.db_path) as db:
            rows = db.execute(query + " ORDER BY collection, doc_id", params).fetchall()
        return [Document(**dict(row)) for row in rows]

    def count(self, collection: str) -> int:
        with connect(self.db_path) as db:
            (n,) = db.execute(
                "SELECT count(*) FROM documents WHERE collection = ?", (collection,)
            ).fetchone()
        return int(n)

    def by_hash(self, collection: str, hashes: Sequence[str]) -> dict[str, list[Document]]:
        """The documents that reference each content hash (usually one)."""
        if not hashes:
            return {}
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT * FROM documents WHERE collection = ? AND content_hash IN"
                f" ({','.join('?' * len(hashes))}) ORDER BY doc_id",
                [collection, *hashes],
            ).fetchall()
        found: dict[str, list[Document]] = {}
        for row in rows:
            found.setdefault(row["content_hash"], []).append(Document(**dict(row)))
        return found

    def hashes_for(self, collection: str, doc_ids_or_sources: Sequence[str]) -> list[str]:
        """Content hashes of the documents named by id or by source (the `sources` filter)."""
        marks = ",".join("?" * len(doc_ids_or_sources))
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT DISTINCT content_hash FROM documents WHERE collection = ?"
                f" AND (doc_id IN ({marks}) OR source IN ({marks}))",
                [collection, *doc_ids_or_sources, *doc_ids_or_sources],
            ).fetchall()
        return [row[0] for row in rows]

    def collections(self) -> dict[str, int]:
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT collection, count(*) FROM documents GROUP BY collection ORDER BY 1"
            ).fetchall()
        return {row[0]: int(row[1]) for row in rows}
