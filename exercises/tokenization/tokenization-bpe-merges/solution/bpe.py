"""Training and applying byte-pair-encoding merges on a toy corpus."""

from collections import Counter

Pair = tuple[str, str]


def apply_merge(symbols: list[str], pair: Pair) -> list[str]:
    """Merge every non-overlapping occurrence of pair, left to right."""
    out: list[str] = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[Pair]:
    """Learn up to num_merges merges, most frequent pair first (ties: smallest pair)."""
    words = {word: list(word) for word in word_counts}
    merges: list[Pair] = []
    for _ in range(num_merges):
        pairs: Counter[Pair] = Counter()
        for word, symbols in words.items():
            for pair in zip(symbols, symbols[1:], strict=False):
                pairs[pair] += word_counts[word]
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        words = {word: apply_merge(symbols, best) for word, symbols in words.items()}
    return merges


def encode(word: str, merges: list[Pair]) -> list[str]:
    """Tokenize one word by replaying the merges in order."""
    symbols = list(word)
    for pair in merges:
        symbols = apply_merge(symbols, pair)
    return symbols
