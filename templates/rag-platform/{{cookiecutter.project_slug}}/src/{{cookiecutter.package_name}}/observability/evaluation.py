"""Evaluation: recall@k, MRR and abstention over a golden set, with and without distractors.

Answerable questions name the documents that answer them; unanswerable ones (`unanswerable:
true`) must retrieve nothing, so the answer says the documents do not cover them. With Ollama
up, the chat model also judges how far each answer is supported by its passages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from ..answers.llm import ChatModel
from ..answers.prompt import build_messages
from ..answers.service import RagService
from ..errors import GoldenSetError, LLMUnavailable
from ..ingestion.catalog import Catalog
from ..ingestion.pipeline import Ingestor
from ..state import connect
from .distractors import COLLECTION, ensure_distractors

log = logging.getLogger(__name__)


class GoldenItem(BaseModel):
    """One question with the sources that answer it and facts a good context contains."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    expected_sources: list[str] = []
    expected_facts: list[str] = []
    unanswerable: bool = False
    """True: no document answers it; the right result is no passage at all."""

    @model_validator(mode="after")
    def _sources_match_kind(self) -> GoldenItem:
        if self.unanswerable and self.expected_sources:
            raise ValueError("an unanswerable question expects no sources")
        if not self.unanswerable and not self.expected_sources:
            raise ValueError("expected_sources is empty (mark the item unanswerable: true)")
        return self


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
    unanswerable: bool = False
    abstained: bool = False
    recall_distractors: float | None = None
    reciprocal_rank_distractors: float | None = None
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
    abstention: float | None = None
    """Share of unanswerable questions for which nothing was retrieved."""
    distractors: int = 0
    recall_at_k_distractors: float | None = None
    mrr_distractors: float | None = None
    items: list[ItemResult] = field(default_factory=list)
    id: int | None = None

    def summary(self) -> dict:
        data = asdict(self)
        data.pop("items")
        return data


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0
# aieng:stage 7 begin "Metrics and the evaluation dashboard"


def _ranks(item: GoldenItem, retrieved: list[str]) -> tuple[float, float]:
    expected = set(item.expected_sources)
    rank = next((i for i, s in enumerate(retrieved, start=1) if s in expected), None)
    return len(expected & set(retrieved)) / len(expected), (1 / rank if rank else 0.0)
# aieng:stage 7 stub


def _ranks(item: GoldenItem, retrieved: list[str]) -> tuple[float, float]:
    """(recall, reciprocal rank) of one answerable question, from the sources retrieved in order.

    Recall: the share of the item's expected sources that are among `retrieved`. Reciprocal
    rank: 1 / the position (from 1) of the first retrieved source that is expected; 0 when
    there is none.
    """
    raise NotImplementedError("stage 7: compute recall and the reciprocal rank")
# aieng:stage 7 end


def judge_faithfulness(chat: ChatModel, rag: RagService, item: GoldenItem, k: int) -> float:
    """Answer the question, then ask the model whether the passages support that answer."""
    citations = rag.retrieve(item.question, top_k=k)
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
    rag: RagService,
    items: list[GoldenItem],
    k: int,
    judge: ChatModel | None = None,
    distractors: int = 0,
    ingestor: Ingestor | None = None,
    catalog: Catalog | None = None,
) -> EvalRun:
    """Score retrieval; with `distractors` (and the ingestor), score it again among them."""
    results: list[ItemResult] = []
    # aieng:stage 7 begin
    for item in items:
        citations = rag.retrieve(item.question, top_k=k)
        retrieved = [c.source for c in citations]
        context = " ".join(c.text for c in citations).lower()
        found = [f for f in item.expected_facts if f.lower() in context]
        if item.unanswerable:
            recall, rr = 0.0, 0.0
        else:
            recall, rr = _ranks(item, retrieved)
        results.append(
            ItemResult(
                id=item.id,
                question=item.question,
                retrieved=retrieved,
                recall=recall,
                reciprocal_rank=rr,
                fact_recall=len(found) / len(item.expected_facts) if item.expected_facts else 1.0,
                unanswerable=item.unanswerable,
                abstained=not citations,
            )
        )
    # aieng:stage 7 stub
    # For each item: retrieve its question's top k citations (their sources, in order, are
    # `retrieved`); recall and reciprocal rank from `_ranks` (0 and 0 for an unanswerable
    # item); fact recall = the share of expected facts found (case-insensitively) in the
    # retrieved text (1.0 when it expects none); abstained = nothing was retrieved. Append one
    # ItemResult per item to `results`; the code below adds distractors, the judge and the means.
    raise NotImplementedError("stage 7: score each golden question's retrieval")
    # aieng:stage 7 end
    if distractors and ingestor is not None and catalog is not None:
        distractors = ensure_distractors(ingestor, catalog, distractors)
        for item, result in zip(items, results, strict=True):
            if item.unanswerable:
                continue
            among = rag.retrieve(item.question, top_k=k, extra_collections=[COLLECTION])
            ranked = [c.source if c.collection != COLLECTION else "" for c in among]
            result.recall_distractors, result.reciprocal_rank_distractors = _ranks(item, ranked)
    else:
        distractors = 0
    if judge is not None:
        try:
            for item, result in zip(items, results, strict=True):
                if not item.unanswerable:
                    result.faithfulness = judge_faithfulness(judge, rag, item, k)
        except LLMUnavailable as exc:
            log.warning("faithfulness skipped: %s", exc)
            judge = None
            for result in results:
                result.faithfulness = None
    answerable = [r for r in results if not r.unanswerable]
    unanswerable = [r for r in results if r.unanswerable]
    return EvalRun(
        started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        k=k,
        embedder=rag.embedder.label,
        judge=judge.name if judge else None,
        recall_at_k=_mean([r.recall for r in answerable]),
        mrr=_mean([r.reciprocal_rank for r in answerable]),
        fact_recall=_mean([r.fact_recall for r in answerable]),
        faithfulness=(
            _mean([r.faithfulness for r in answerable if r.faithfulness is not None])
            if judge
            else None
        ),
        abstention=_mean([float(r.abstained) for r in unanswerable]) if unanswerable else None,
        distractors=distractors,
        recall_at_k_distractors=(
            _mean([r.recall_distractors or 0.0 for r in answerable]) if distractors else None
        ),
        mrr_distractors=(
            _mean([r.reciprocal_rank_distractors or 0.0 for r in answerable])
            if distractors
            else None
        ),
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
        known = {f.name for f in fields(EvalRun)}
        item_fields = {f.name for f in fields(ItemResult)}
        runs = []
        for row in rows:
            summary = {k: v for k, v in json.loads(row["summary"]).items() if k in known}
            summary["id"] = row["id"]
            items = [
                ItemResult(**{k: v for k, v in i.items() if k in item_fields})
                for i in json.loads(row["items"])
            ]
            runs.append(EvalRun(**summary, items=items))
        return runs
