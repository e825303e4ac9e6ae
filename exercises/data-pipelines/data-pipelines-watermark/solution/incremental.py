"""Read what changed since the last run, with a watermark that loses nothing."""

from typing import Any

Watermark = tuple[str, str] | None


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return (row["updated_at"], row["id"])


def next_batch(rows: list[dict[str, Any]], watermark: Watermark, limit: int) -> tuple[list[dict[str, Any]], Watermark]:
    """(rows after the watermark in (updated_at, id) order, at most limit; the new watermark)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    newer = sorted((r for r in rows if watermark is None or _key(r) > watermark), key=_key)
    batch = newer[:limit]
    return batch, (_key(batch[-1]) if batch else watermark)
