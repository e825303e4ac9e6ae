"""Memory: a short-term message window and long-term facts in SQLite."""

from .long_term import Fact, Hit, LongTermMemory
from .short_term import ShortTermMemory

__all__ = ["Fact", "Hit", "LongTermMemory", "ShortTermMemory"]
