"""The k most frequent tokens of a corpus, with deterministic ties."""

from collections.abc import Iterable


def top_tokens(tokens: Iterable[str], k: int) -> list[tuple[str, int]]:
    """(token, count) pairs, most frequent first, ties alphabetical."""
    # TODO: count, then keep the k best with heapq
    raise NotImplementedError
