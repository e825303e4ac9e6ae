"""How well does a model grade? Runs the tutor's own grading path (OllamaTutor.grade, the call
`aieng quiz` makes) over the shipped calibration set and compares with the expert scores.

    python bench/grader_agreement.py                                 # configured host and model
    python bench/grader_agreement.py --model llama3.2:3b --model qwen2.5:7b --json results.json
    python bench/grader_agreement.py --method keypoints --limit 40   # one method, first 40 answers

Prints one row per model and grading method: Spearman correlation and quadratic weighted kappa
with the expert scores, exact and within-one agreement, the share of grades that never came
(the learner would self-rate), the share of model outputs that were invalid, for key-point
grading the share of key-point judgements equal to the examiner's, and median and p95 seconds
per grade. Results are cached per model and method as they arrive, so an interrupted run
resumes where it stopped (--fresh starts over). What the figures mean: README, "How good is the
grading?".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from aieng_cli.errors import AiengError
from aieng_cli.roadmap import load_roadmap
from aieng_cli.settings import load_settings
from aieng_cli.tutor import calibration, grading
from aieng_cli.tutor.calibration import Agreement, Case, Outcome
from aieng_cli.tutor.llm import OllamaTutor


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    settings = load_settings()
    host = args.host or settings.host
    models = args.model or [settings.model]
    methods = args.method or list(grading.METHODS)
    try:
        cases = calibration.cases(load_roadmap(), calibration.load_calibration())
    except AiengError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    cases = cases[: args.limit] if args.limit else cases
    rows = []
    for model in models:
        for method in methods:
            tutor = OllamaTutor(host, model, timeout=args.timeout, method=method)
            health = tutor.health()
            if not health.ok:
                print(f"{model}: skipped: {health.summary}", file=sys.stderr)
                break
            outcomes = _run(tutor, cases, _cache_file(args.cache_dir, host, model, method), args.fresh)
            rows.append((model, method, calibration.agreement(outcomes), _by_case(cases, outcomes)))
    if not rows:
        print("error: no model could be measured", file=sys.stderr)
        return 1
    print(_table(rows, len(cases)))
    report = {
        "host": host,
        "answers": len(cases),
        "results": [{"model": m, "method": k, **a.as_dict(), "by_case": c} for m, k, a, c in rows],
    }
    if args.json == "-":
        print(json.dumps(report, indent=2))
    elif args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        print(f"JSON written to {args.json}")
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="Ollama host (default: aieng's setting or OLLAMA_HOST)")
    parser.add_argument("--model", action="append", help="a model to measure; repeat for side by side")
    parser.add_argument("--method", action="append", choices=grading.METHODS, help="default: every method")
    parser.add_argument("--limit", type=int, default=0, help="only the first N calibration answers")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds of model silence per grade")
    parser.add_argument("--cache-dir", type=Path, default=_default_cache(), help="where results are kept")
    parser.add_argument("--fresh", action="store_true", help="ignore cached results")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON ('-' for stdout)")
    return parser.parse_args(argv)


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aieng-bench" / "grader_agreement"


def _cache_file(folder: Path, host: str, model: str, method: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{host}__{model}__{method}")
    return folder / f"{slug}.jsonl"


def _run(tutor: OllamaTutor, cases: list[Case], cache: Path, fresh: bool) -> list[Outcome]:
    """Grade what the cache lacks, appending each result as it arrives (resumable)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    known = {} if fresh else _load_cache(cache)
    todo = [c for c in cases if c.key not in known]
    cache.parent.mkdir(parents=True, exist_ok=True)
    label = f"{tutor.model} · {tutor.method}"
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    bar = Progress(*columns, console=Console(stderr=True))  # stderr: stdout stays the table (and JSON) alone
    with cache.open("w" if fresh else "a", encoding="utf-8") as sink, bar:
        task = bar.add_task(label, total=len(cases), completed=len(cases) - len(todo))

        def save(outcome: Outcome) -> None:
            sink.write(json.dumps(asdict(outcome)) + "\n")
            sink.flush()
            known[outcome.key] = outcome
            bar.advance(task)

        calibration.grade_all(tutor, todo, save)
    return [known[c.key] for c in cases]


def _load_cache(cache: Path) -> dict[str, Outcome]:
    known: dict[str, Outcome] = {}
    if not cache.is_file():
        return known
    for line in cache.read_text(encoding="utf-8").splitlines():
        try:
            outcome = Outcome(**json.loads(line))
        except (ValueError, TypeError):  # a line cut short by an interrupted run: grade it again
            continue
        known[outcome.key] = outcome
    return known


def _by_case(cases: list[Case], outcomes: list[Outcome]) -> dict[str, dict]:
    """Per kind of answer (terse-right, injection, ...): how many, and mean model - expert score."""
    groups: dict[str, list[int]] = defaultdict(list)
    for case, outcome in zip(cases, outcomes, strict=True):
        if outcome.score is not None:
            groups[case.item.case].append(outcome.score - case.item.score)
    return {k: {"n": len(v), "mean_error": round(sum(v) / len(v), 2)} for k, v in sorted(groups.items())}


def _table(rows: list[tuple[str, str, Agreement, dict]], answers: int) -> str:
    head = f"{'model':<24} {'method':<10} {'graded':>7} {'spearman':>8} {'qwk':>6} {'exact':>6} {'±1':>6}"
    head += f" {'failed':>7} {'invalid':>7} {'points':>6} {'median s':>8} {'p95 s':>6}"
    lines = [f"Grader agreement with {answers} expert-scored answers", head, "-" * len(head)]
    for model, method, a, _ in rows:
        lines.append(
            f"{model:<24} {method:<10} {a.graded:>3}/{a.n:<3} {_num(a.spearman):>8} {_num(a.qwk):>6}"
            f" {_pct(a.exact):>6} {_pct(a.within_one):>6} {_pct(a.failed_rate):>7} {_pct(a.invalid_rate):>7}"
            f" {_pct(a.point_agreement):>6}"
            f" {_num(a.median_s, 1):>8} {_num(a.p95_s, 1):>6}"
        )
    return "\n".join(lines)


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


if __name__ == "__main__":
    sys.exit(main())
