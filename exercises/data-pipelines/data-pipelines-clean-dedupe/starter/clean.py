"""Validate, quarantine and deduplicate document records."""

from dataclasses import dataclass
from datetime import datetime  # noqa: F401  (datetime.fromisoformat)
from typing import Any


@dataclass(frozen=True)
class Rejected:
    index: int
    reason: str


def clean(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Rejected]]:
    """(valid records, one per id, sorted by id; rejected records with reasons)."""
    # TODO: validate each record, keep the latest per id
    raise NotImplementedError
