"""The k most frequent tokens of a corpus, with deterministic ties."""

import heapq
from collections import Counter
from collections.abc import Iterable


def top_tokens(tokens: Iterable[str], k: int) -> list[tuple[str, int]]:
    """(token, count) pairs, most frequent first, ties alphabetical."""
    if k <= 0:
        return []
    counts = Counter(tokens)
    return heapq.nsmallest(k, counts.items(), key=lambda pair: (-pair[1], pair[0]))
