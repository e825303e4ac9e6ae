"""The audit log: one JSON line per write (logger `audit`), naming the key that made it."""

from __future__ import annotations

import logging
from typing import Any

audit_log = logging.getLogger("audit")


def audit(action: str, key_id: str, **details: Any) -> None:
    """Record a write: what was done, by which key, to what. Never the key itself."""
    audit_log.info(action, extra={"audit": True, "action": action, "key_id": key_id, **details})
