"""Turn an HTTP Retry-After header into a safe number of seconds to wait."""

from datetime import datetime
from email.utils import parsedate_to_datetime


def retry_after_seconds(value: str | None, now: datetime, max_wait: float = 300.0) -> float | None:
    """Seconds to wait, capped at max_wait; None when the header gives nothing usable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), max_wait)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return min(max(0.0, (when - now).total_seconds()), max_wait)
