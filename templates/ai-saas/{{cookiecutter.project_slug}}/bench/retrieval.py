"""Chat retrieval at scale: time `search()` over N passages in one workspace.

    python bench/retrieval.py                      # SQLite in a temporary folder, 20,000 passages
    python bench/retrieval.py --chunks 5000
    DATABASE_URL=postgresql://.../bench_db python bench/retrieval.py   # pgvector (emptied first!)

Prints the median and 95th-percentile time of one retrieval (keywords + vectors + fusion) and
whether it meets the target. The passages use the offline embedder, so no model is needed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text

from {{ cookiecutter.package_name }} import migrate
from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.models import Chunk, Document, User, Workspace
from {{ cookiecutter.package_name }}.retrieval.embeddings import OfflineEmbedder
from {{ cookiecutter.package_name }}.retrieval.search import search

TARGET_MS = 150.0


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(size)]


def fill(database: Database, chunks: int, seed: int = 7) -> tuple[str, list[str]]:
    """One workspace with `chunks` passages in documents of 50; returns (workspace id, words)."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    embedder = OfflineEmbedder()
    with database.session() as db:
        user = User(email="bench@example.com", password_hash="x")
        workspace = Workspace(name="bench")
        db.add_all([user, workspace])
        db.flush()
        workspace_id = workspace.id
    for start in range(0, chunks, 1000):
        texts = [" ".join(rng.choices(words, k=80)) for _ in range(min(1000, chunks - start))]
        vectors = embedder.embed(texts)
        with database.session() as db:
            documents = []
            for i in range(0, len(texts), 50):
                title = f"Doc {start + i}"
                documents.append(
                    Document(workspace_id=workspace_id, title=title, content="-", status="ready")
                )
            db.add_all(documents)
            db.flush()
            rows = [
                {
                    "document_id": documents[i // 50].id,
                    "workspace_id": workspace_id,
                    "ordinal": i % 50,
                    "text": piece,
                    "embedding": vector,
                    "embedding_model": embedder.name,
                }
                for i, (piece, vector) in enumerate(zip(texts, vectors, strict=True))
            ]
            db.execute(insert(Chunk), rows)
    return workspace_id, words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--questions", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.db'}"
        database = Database(url)
        if database.engine.dialect.name == "postgresql":
            with database.engine.begin() as conn:
                query = text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                for table in conn.execute(query).scalars().all():
                    conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
        migrate.upgrade(database.engine)
        started = time.perf_counter()
        workspace_id, words = fill(database, args.chunks)
        if database.engine.dialect.name == "postgresql":
            with database.engine.begin() as conn:
                conn.execute(text("ANALYZE chunks"))
        seconds = time.perf_counter() - started
        engine = database.engine.dialect.name
        print(f"filled {args.chunks:,} passages in {seconds:.1f} s ({engine})")
        rng = random.Random(11)
        embedder = OfflineEmbedder()
        timings = []
        with database.session() as db:
            search(db, workspace_id, "warm up the caches", embedder)
            for _ in range(args.questions):
                question = "what about " + " ".join(rng.choices(words, k=6)) + "?"
                began = time.perf_counter()
                hits = search(db, workspace_id, question, embedder)
                timings.append((time.perf_counter() - began) * 1000)
                assert hits, "retrieval found nothing"
        database.dispose()
    median = statistics.median(timings)
    p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
    verdict = "meets" if median <= TARGET_MS else "MISSES"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"chat retrieval at {args.chunks:,} chunks: median {median:.1f} ms, p95 {p95:.1f} ms "
        f"({verdict} the {TARGET_MS:.0f} ms target; load average {load:.1f} on "
        f"{os.cpu_count()} CPUs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
