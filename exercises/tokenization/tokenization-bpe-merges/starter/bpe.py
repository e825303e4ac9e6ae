"""Training and applying byte-pair-encoding merges on a toy corpus."""

Pair = tuple[str, str]


def apply_merge(symbols: list[str], pair: Pair) -> list[str]:
    """Merge every non-overlapping occurrence of pair, left to right."""
    # TODO
    raise NotImplementedError


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[Pair]:
    """Learn up to num_merges merges, most frequent pair first (ties: smallest pair)."""
    # TODO
    raise NotImplementedError


def encode(word: str, merges: list[Pair]) -> list[str]:
    """Tokenize one word by replaying the merges in order."""
    # TODO
    raise NotImplementedError
