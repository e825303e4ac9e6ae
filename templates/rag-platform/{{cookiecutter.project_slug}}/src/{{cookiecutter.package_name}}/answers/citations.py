"""Citations: numbered passages with document, heading path and page; checking the [n] markers."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    source: str
    collection: str
    heading: str
    """Heading path, e.g. "Warranty > Batteries"."""
    page: int | None
    """PDF page the passage starts on."""
    chunk_index: int
    score: float
    similarity: float | None
    keyword_coverage: float | None
    text: str

    @property
    def where(self) -> str:
        parts = [self.source]
        if self.page:
            parts.append(f"p. {self.page}")
        if self.heading:
            parts.append(self.heading)
        return " > ".join(parts)


_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_HOLD = 12
"""An unclosed `[` this close to the end is held back until the next piece shows its `]`."""


class MarkerFilter:
    """Streams answer text through, dropping `[n]` markers that name no passage given.

    Streamed pieces can split a marker (`[` in one, `3]` in the next), so a short unclosed tail
    is held back until it closes.
    """

    def __init__(self, valid: set[int]) -> None:
        self.valid = valid
        self.cited: set[int] = set()
        self.removed = 0
        self._buffer = ""
    # aieng:stage 5 begin

    def _clean(self, text: str) -> str:
        def keep(match: re.Match[str]) -> str:
            numbers = [int(n) for n in re.split(r"\s*,\s*", match.group(1))]
            good = [n for n in numbers if n in self.valid]
            self.removed += len(numbers) - len(good)
            self.cited.update(good)
            return "".join(f"[{n}]" for n in good)

        return _MARKER.sub(keep, text)

    def feed(self, piece: str) -> str:
        self._buffer += piece
        open_at = self._buffer.rfind("[")
        if (
            open_at != -1
            and "]" not in self._buffer[open_at:]
            and (len(self._buffer) - open_at < _HOLD)
        ):
            ready, self._buffer = self._buffer[:open_at], self._buffer[open_at:]
        else:
            ready, self._buffer = self._buffer, ""
        return self._clean(ready)

    def flush(self) -> str:
        ready, self._buffer = self._buffer, ""
        return self._clean(ready)
    # aieng:stage 5 stub

    def feed(self, piece: str) -> str:
        """Take the next streamed piece; return the text that can be shown now.

        Drop the numbers in `[n]` or `[n, m]` markers (`_MARKER`) that are not in
        `self.valid`, counting them in `self.removed`; add the kept ones to `self.cited`
        and write them as `[n][m]`. A marker may be split across pieces: hold back an
        unclosed `[` that is fewer than `_HOLD` characters from the end until it closes.
        """
        raise NotImplementedError("stage 5: drop citation markers that name no passage")

    def flush(self) -> str:
        """The end of the stream: return whatever text is still held back, checked."""
        raise NotImplementedError("stage 5: release the held-back text at the end")
    # aieng:stage 5 end
