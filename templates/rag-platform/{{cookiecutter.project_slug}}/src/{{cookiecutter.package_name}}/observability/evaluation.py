"""Evaluation: recall@k and MRR over a golden set, LLM-judged faithfulness when Ollama is up."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .db import connect
from .errors import GoldenSetError, LLMUnavailable
from .llm import ChatModel
from .rag import RagService, build_messages, citations_for

log = logging.getLogger(__name__)


class GoldenItem(BaseModel):
    """One question with the sources that answer it and facts a good context contains."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    expected_sources: list[str] = Field(min_length=1)
    expected_facts: list[str] = []


class Judgement(BaseModel):
    """The judge's structured output."""

    faithful: float = Field(ge=0, le=1, description="1 = every claim is supported by the passages")
    reason: str


def load_golden(path: Path) -> list[GoldenItem]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldenSetError(f"{path}: golden set not found") from None
    except json.JSONDecodeError as exc:
        raise GoldenSetError(f"{path}: invalid JSON ({exc})") from None
    try:
        items = TypeAdapter(list[GoldenItem]).validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/".join(map(str, first["loc"]))
        raise GoldenSetError(f"{path}: {where}: {first['msg']}") from None
    if not items:
        raise GoldenSetError(f"{path}: the golden set is empty")
    return items


@dataclass
class ItemResult:
    id: str
    question: str
    retrieved: list[str]
    recall: float
    reciprocal_rank: float
    fact_recall: float
    faithfulness: float | None = None


@dataclass
class EvalRun:
    started_at: str
    k: int
    embedder: str
    judge: str | None
    recall_at_k: float
    mrr: float
    fact_recall: float
    faithfulness: float | None
    items: list[ItemResult] = field(default_factory=list)
    id: int | None = None

    def summary(self) -> dict:
        data = asdict(self)
        data.pop("items")
        return data


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def judge_faithfulness(chat: ChatModel, rag: RagService, item: GoldenItem, k: int) -> float:
    """Answer the question, then ask the model whether the passages support that answer."""
    citations = citations_for(rag.retrieve(item.question, top_k=k))
    answer = "".join(chat.stream(build_messages(item.question, citations)))
    passages = "\n\n".join(f"[{c.n}] {c.text}" for c in citations)
    prompt = (
        f"Passages:\n{passages}\n\nAnswer:\n{answer}\n\n"
        "Score from 0 to 1 how much of the answer is supported by the passages "
        "(1 = fully supported, 0 = unsupported). Reply as JSON."
    )
    raw = chat.complete([{"role": "user", "content": prompt}], schema=Judgement.model_json_schema())
    try:
        return Judgement.model_validate_json(raw).faithful
    except ValidationError as exc:
        raise LLMUnavailable(
            f"the judge returned invalid output: {exc.errors()[0]['msg']}"
        ) from None


def evaluate(
    rag: RagService, items: list[GoldenItem], k: int, judge: ChatModel | None = None
) -> EvalRun:
    results: list[ItemResult] = []
    for item in items:
        hits = rag.retrieve(item.question, top_k=k)
        retrieved = [h.source for h in hits]
        expected = set(item.expected_sources)
        rank = next((i for i, s in enumerate(retrieved, start=1) if s in expected), None)
        context = " ".join(h.text for h in hits).lower()
        found = [f for f in item.expected_facts if f.lower() in context]
        results.append(
            ItemResult(
                id=item.id,
                question=item.question,
                retrieved=retrieved,
                recall=len(expected & set(retrieved)) / len(expected),
                reciprocal_rank=1 / rank if rank else 0.0,
                fact_recall=len(found) / len(item.expected_facts) if item.expected_facts else 1.0,
            )
        )
    if judge is not None:
        try:
            for item, result in zip(items, results, strict=True):
                result.faithfulness = judge_faithfulness(judge, rag, item, k)
        except LLMUnavailable as exc:
            log.warning("faithfulness skipped: %s", exc)
            judge = None
            for result in results:
                result.faithfulness = None
    return EvalRun(
        started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        k=k,
        embedder=rag.embedder.label,
        judge=judge.name if judge else None,
        recall_at_k=_mean([r.recall for r in results]),
        mrr=_mean([r.reciprocal_rank for r in results]),
        fact_recall=_mean([r.fact_recall for r in results]),
        faithfulness=_mean([r.faithfulness for r in results]) if judge else None,
        items=results,
    )


class RunStore:
    """Evaluation runs in state.db, oldest first."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def save(self, run: EvalRun) -> EvalRun:
        with connect(self.db_path) as db:
            cursor = db.execute(
                "INSERT INTO eval_runs (started_at, summary, items) VALUES (?, ?, ?)",
                (
                    run.started_at,
                    json.dumps(run.summary()),
                    json.dumps([asdict(i) for i in run.items]),
                ),
            )
        run.id = cursor.lastrowid
        return run

    def list(self, limit: int = 200) -> list[EvalRun]:
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT * FROM (SELECT * FROM eval_runs ORDER BY id DESC LIMIT ?) ORDER BY id",
                (limit,),
            ).fetchall()
        runs = []
        for row in rows:
            summary = json.loads(row["summary"])
            summary["id"] = row["id"]
            items = [ItemResult(**i) for i in json.loads(row["items"])]
            runs.append(EvalRun(**summary, items=items))
        return runs
