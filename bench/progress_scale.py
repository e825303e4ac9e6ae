"""Progress at scale: what one answer and one `mark` cost with 10k and 100k reviews, beside an empty history.

For each history size a progress store is built in a temp folder, then, interleaved:
- `record`: one graded answer as the quiz records it (load, fold into the card, append, save);
- `mark`: one status change through the store (load + save, as `aieng mark` does);
- `aieng mark`: the real console script in a child process (start-up included).
Medians of --runs runs each, and the difference to the empty history, against the targets
(load + save <= 50 ms more at 10k, <= 150 ms at 100k; DESIGN "Progress at scale").

    python bench/progress_scale.py [--runs 15] [--sizes 0,10000,100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _timing import run_timed

from aieng_cli.progress import Progress, ProgressStore, Review
from aieng_cli.tutor import scheduler

TARGETS_MS = {10_000: 50, 100_000: 150}
T0 = datetime(2026, 1, 5, 18, tzinfo=timezone.utc)


def build(folder: Path, size: int) -> ProgressStore:
    """A store with `size` realistic reviews (~470 bytes each) over a year of daily study."""
    store = ProgressStore(folder / "progress.json")
    progress = Progress(track="ai-developer", hours_per_week=8, started_on=T0.date())
    topics = ["python-engineering", "rag", "embeddings", "vector-databases", "tool-calling"]
    for i in range(size):
        at = T0 + timedelta(minutes=i * 3)
        progress.reviews.append(
            Review(
                topic=topics[i % len(topics)],
                question=f"Question {i}: explain the trade-off between chunk size and retrieval precision " * 2,
                answer="A learner's answer in a few sentences that mentions precision and recall. " * 3,
                score=i % 5,
                rating=1 + i % 4,
                model="llama3.2",
                at=at,
                question_id=None,
                feedback="Good; mention overlap.",
            )
        )
    for topic in topics:
        progress.cards[topic] = scheduler.record_answer(None, 3, T0, T0.date())
    store.save(progress)
    return store


def record_one(store: ProgressStore, i: int) -> float:
    start = time.perf_counter()
    now = datetime.now(timezone.utc)
    with store.update() as progress:
        progress.cards["rag"] = scheduler.record_answer(progress.cards.get("rag"), 3, now, now.date())
        progress.add_review(Review(topic="rag", question=f"bench {i}", score=3, rating=3, at=now))
    return time.perf_counter() - start


def mark_one(store: ProgressStore, i: int) -> float:
    start = time.perf_counter()
    store.mutate(lambda p: p.set_status("rag", "done" if i % 2 else "learning"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", default="0,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    aieng = Path(sys.executable).parent / "aieng"
    with tempfile.TemporaryDirectory() as tmp:
        stores, envs = {}, {}
        for size in sizes:
            folder = Path(tmp) / str(size)
            started = time.perf_counter()
            stores[size] = build(folder, size)
            log = stores[size].log_path(stores[size].load().log)  # type: ignore[arg-type]
            took = time.perf_counter() - started
            print(f"built {size:>7,} reviews: log {log.stat().st_size / 1e6:.1f} MB in {took:.1f} s")
            envs[size] = {**os.environ, "AIENG_HOME": str(folder), "HOME": str(folder)}
        samples: dict[tuple[str, int], list[float]] = {}
        for i in range(args.runs):
            for size in sizes:  # interleaved, so load on the machine hits every size alike
                samples.setdefault(("record", size), []).append(record_one(stores[size], i))
                samples.setdefault(("mark", size), []).append(mark_one(stores[size], i))
                if aieng.exists():
                    cmd = [str(aieng), "mark", "rag", "done" if i % 2 else "learning"]
                    samples.setdefault(("aieng mark", size), []).append(run_timed(cmd, envs[size]))
        print(f"\nmedian of {args.runs} runs; difference to the empty history")
        print(f"{'operation':<12}" + "".join(f"{f'{s:,} reviews':>22}" for s in sizes))
        verdicts = []
        for op in ("record", "mark", "aieng mark"):
            if (op, sizes[0]) not in samples:
                continue
            base = statistics.median(samples[(op, sizes[0])])
            cells = []
            for size in sizes:
                median = statistics.median(samples[(op, size)])
                extra = (median - base) * 1000
                cells.append(f"{median * 1000:8.1f} ms ({extra:+6.1f})")
                if size in TARGETS_MS and op != "aieng mark":
                    ok = extra <= TARGETS_MS[size]
                    verdicts.append(
                        f"{op} at {size:,}: {extra:+.1f} ms (target <= +{TARGETS_MS[size]}) {'ok' if ok else 'MISSED'}"
                    )
            print(f"{op:<12}" + "".join(f"{c:>22}" for c in cells))
        print("\n" + "\n".join(verdicts))


if __name__ == "__main__":
    main()
