"""WordPiece tokenization as in BERT: greedy longest match with ## continuation pieces."""

import re  # noqa: F401


def pre_tokenize(text: str) -> list[str]:
    # TODO
    raise NotImplementedError


def wordpiece(word: str, vocab: set[str] | dict[str, int], max_chars: int = 100) -> list[str]:
    # TODO
    raise NotImplementedError


def encode(text: str, vocab_ids: dict[str, int]) -> list[int]:
    # TODO
    raise NotImplementedError
