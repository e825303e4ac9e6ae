"""Heading-aware chunking: split at Markdown headings, pack paragraphs, overlap within a section."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Chunk:
    """One retrievable piece of a document."""

    index: int
    heading: str
    """Breadcrumb of the headings above the chunk, e.g. "Warranty > Batteries"."""
    text: str
    """Breadcrumb plus body: what gets embedded and quoted."""


@dataclass(frozen=True)
class Section:
    headings: tuple[str, ...]
    body: str


def split_sections(text: str) -> list[Section]:
    """Split Markdown-ish text at ATX headings (not inside code fences)."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    body: list[str] = []
    in_fence = False

    def flush() -> None:
        content = "\n".join(body).strip()
        if content:
            sections.append(Section(tuple(title for _, title in stack), content))
        body.clear()

    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, match.group(2).strip()))
        else:
            body.append(line)
    flush()
    return sections


def _units(body: str, size: int) -> list[str]:
    """Paragraphs, with any paragraph longer than `size` cut at sentences, then at words."""
    units: list[str] = []
    for para in re.split(r"\n\s*\n", body):
        para = para.strip()
        if not para:
            continue
        if len(para) <= size:
            units.append(para)
            continue
        for sentence in _SENTENCE_END.split(para):
            while len(sentence) > size:
                cut = sentence.rfind(" ", 0, size)
                cut = cut if cut > 0 else size
                units.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if sentence:
                units.append(sentence)
    return units


def _tail(text: str, overlap: int) -> str:
    """The last `overlap` characters of `text`, starting at a word boundary."""
    if overlap <= 0 or len(text) <= overlap:
        return text if overlap > 0 else ""
    tail = text[-overlap:]
    space = tail.find(" ")
    return tail[space + 1 :] if space != -1 else tail


def chunk_document(text: str, size: int = 800, overlap: int = 120) -> list[Chunk]:
    """Chunks of about `size` characters; consecutive chunks of a section share `overlap`."""
    overlap = min(overlap, size // 2)
    chunks: list[Chunk] = []
    for section in split_sections(text):
        heading = " > ".join(section.headings)
        bodies: list[str] = []
        current = ""
        for unit in _units(section.body, size):
            if current and len(current) + 2 + len(unit) > size:
                bodies.append(current)
                tail = _tail(current, overlap)
                current = f"{tail}\n\n{unit}" if tail else unit
            else:
                current = f"{current}\n\n{unit}" if current else unit
        if current:
            bodies.append(current)
        for body in bodies:
            full = f"{heading}\n\n{body}" if heading else body
            chunks.append(Chunk(index=len(chunks), heading=heading, text=full))
    return chunks
