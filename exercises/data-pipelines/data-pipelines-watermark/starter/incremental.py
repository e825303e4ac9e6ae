"""Read what changed since the last run, with a watermark that loses nothing."""

from typing import Any

Watermark = tuple[str, str] | None


def next_batch(rows: list[dict[str, Any]], watermark: Watermark, limit: int) -> tuple[list[dict[str, Any]], Watermark]:
    """(rows after the watermark in (updated_at, id) order, at most limit; the new watermark)."""
    # TODO: compare (updated_at, id) tuples, not timestamps alone
    raise NotImplementedError
