"""WordPiece tokenization as in BERT: greedy longest match with ## continuation pieces."""

import re

UNK, CLS, SEP = "[UNK]", "[CLS]", "[SEP]"


def pre_tokenize(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text.lower())


def wordpiece(word: str, vocab: set[str] | dict[str, int], max_chars: int = 100) -> list[str]:
    if len(word) > max_chars:
        return [UNK]
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = len(word)
        match = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                match = piece
                break
            end -= 1
        if match is None:
            return [UNK]
        pieces.append(match)
        start = end
    return pieces


def encode(text: str, vocab_ids: dict[str, int]) -> list[int]:
    tokens = [CLS] + [p for word in pre_tokenize(text) for p in wordpiece(word, vocab_ids)] + [SEP]
    return [vocab_ids[t] for t in tokens]
