"""Turn an HTTP Retry-After header into a safe number of seconds to wait."""

from datetime import datetime


def retry_after_seconds(value: str | None, now: datetime, max_wait: float = 300.0) -> float | None:
    """Seconds to wait, capped at max_wait; None when the header gives nothing usable."""
    # TODO: delta-seconds or HTTP-date (email.utils.parsedate_to_datetime)
    raise NotImplementedError
