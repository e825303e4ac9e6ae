"""How fast is recall over many facts? Prints the median search time against the 100 ms target.

    python bench/memory_recall.py [--facts 20000] [--dims 768]

Facts get random unit vectors (no Ollama needed: the embedder is a stand-in returning a vector),
so this measures the memory itself: SQLite reads, the packed numpy index and the keyword fallback.
It also times the old approach (JSON vectors scanned in Python) on a slice and prints the ratio.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from {{ cookiecutter.package_name }}.memory.long_term import LongTermMemory
from {{ cookiecutter.package_name }}.memory.vectors import pack

TARGET_MS = 100.0


def fill(path: Path, count: int, dims: int, rng: np.random.Generator) -> np.ndarray:
    LongTermMemory(path)  # creates the schema
    vectors = rng.standard_normal((count, dims)).astype(np.float32)
    now = datetime.now(timezone.utc).isoformat()
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO facts (text, source, created_at, vector) VALUES (?, 'bench', ?, ?)",
            ((f"fact number {i} about topic {i % 97}", now, pack(v)) for i, v in enumerate(vectors)),
        )
        db.execute("INSERT INTO facts_fts (facts_fts) VALUES ('rebuild')")
    return vectors


def python_scan(query: Sequence[float], rows: list[str]) -> float:
    """The old search: parse JSON vectors and compute cosines in Python. Returns seconds."""
    started = time.perf_counter()
    q_norm = math.sqrt(sum(x * x for x in query))
    scores = []
    for raw in rows:
        v = json.loads(raw)
        dot = sum(x * y for x, y in zip(query, v, strict=True))
        scores.append(dot / (q_norm * math.sqrt(sum(y * y for y in v))))
    scores.sort(reverse=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=20_000)
    parser.add_argument("--dims", type=int, default=768)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "memory.sqlite3"
        vectors = fill(path, args.facts, args.dims, rng)
        query = (vectors[123] + 0.05 * rng.standard_normal(args.dims)).astype(np.float32).tolist()
        memory = LongTermMemory(path, embedder=lambda texts: [query for _ in texts], min_score=0.3)
        started = time.perf_counter()
        first = memory.search("topic 26", limit=5)
        cold_ms = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            hits = memory.search("topic 26", limit=5)
            times.append((time.perf_counter() - started) * 1000)
        assert hits and hits[0].id == 124 and first[0].id == 124, "the nearest fact was not found"
        fresh = LongTermMemory(path, embedder=lambda texts: [query for _ in texts], min_score=0.3)
        started = time.perf_counter()
        assert fresh.search("topic 26", limit=5)[0].id == 124
        reload_ms = (time.perf_counter() - started) * 1000
        median = statistics.median(times)
        sample = min(1000, args.facts)
        rows = [json.dumps(v.tolist()) for v in vectors[:sample]]
        old_ms = python_scan(query, rows) * 1000 * args.facts / sample
    verdict = "met" if median <= TARGET_MS else "MISSED"
    print(f"recall over {args.facts} facts ({args.dims} dims): median {median:.1f} ms")
    print(f"first search (builds and saves the index): {cold_ms:.0f} ms")
    print(f"first search in a new process (loads the saved index): {reload_ms:.0f} ms")
    print(f"target <= {TARGET_MS:.0f} ms: {verdict}")
    print(f"old JSON + Python scan (extrapolated from {sample} facts): {old_ms:.0f} ms, {old_ms / median:.0f}x slower")


if __name__ == "__main__":
    main()
