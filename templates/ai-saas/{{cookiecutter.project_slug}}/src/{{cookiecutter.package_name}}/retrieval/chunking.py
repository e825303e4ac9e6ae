"""Splitting documents into passages of about CHUNK_CHARS characters."""

from __future__ import annotations
# aieng:stage 3 begin

import re
# aieng:stage 3 stub
# aieng:stage 3 end

CHUNK_CHARS = 600
CHUNK_OVERLAP = 80
# aieng:stage 3 begin


def chunk_text(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Split on paragraphs, packing them into chunks of about `size` characters."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    chunks: list[str] = []
    current = ""
    for paragraph in paragraphs:
        while len(paragraph) > size:  # a long paragraph: hard-split with overlap
            if current:
                chunks.append(current)
                current = ""
            chunks.append(paragraph[:size])
            paragraph = paragraph[size - overlap :]
        if current and len(current) + len(paragraph) + 2 > size:
            chunks.append(current)
            current = paragraph
        else:
            current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        chunks.append(current)
    return chunks
# aieng:stage 3 stub


def chunk_text(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Split on paragraphs, packing them into chunks of about `size` characters.

    Paragraphs are separated by blank lines and stripped. Pack whole paragraphs into a chunk
    (joined by a blank line) while it stays within `size`; a paragraph longer than `size` is
    cut into `size`-character pieces that repeat the last `overlap` characters of the piece
    before. An empty text has no chunks. See STAGES.md, stage 3.
    """
    raise NotImplementedError("stage 3: split the text into paragraph-packed chunks")
# aieng:stage 3 end
