"""Validate, quarantine and deduplicate document records."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Rejected:
    index: int
    reason: str


def _validate(record: Any) -> dict[str, Any] | str:
    if not isinstance(record, dict):
        return "record: not a mapping"
    if not isinstance(record.get("id"), str) or not record["id"]:
        return "id: missing or empty"
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return "text: missing or empty"
    stamp = record.get("updated_at")
    try:
        when = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        when = None
    if when is None:
        return "updated_at: not an ISO-8601 time"
    if when.tzinfo is None:
        return "updated_at: no time zone"
    return {**record, "text": record["text"].strip(), "updated_at": when}


def clean(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Rejected]]:
    """(valid records, one per id, sorted by id; rejected records with reasons)."""
    latest: dict[str, dict[str, Any]] = {}
    rejected: list[Rejected] = []
    for index, record in enumerate(records):
        result = _validate(record)
        if isinstance(result, str):
            rejected.append(Rejected(index, result))
            continue
        kept = latest.get(result["id"])
        if kept is None or result["updated_at"] >= kept["updated_at"]:
            latest[result["id"]] = result
    return [latest[key] for key in sorted(latest)], rejected
