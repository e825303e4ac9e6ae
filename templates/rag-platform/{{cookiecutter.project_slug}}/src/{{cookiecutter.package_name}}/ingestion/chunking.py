"""Heading-aware chunking: split at Markdown headings, pack paragraphs, overlap within a section.

Each chunk keeps its heading path ("Warranty > Batteries") and, for PDFs, the page it starts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
# aieng:stage 1 begin

from .loaders import PAGE_MARK
# aieng:stage 1 stub
# aieng:stage 1 end

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
    page: int | None = None
    """PDF page the chunk starts on (None for documents without pages)."""


@dataclass(frozen=True)
class Section:
    headings: tuple[str, ...]
    paragraphs: tuple[tuple[int | None, str], ...]
    """(page, paragraph) pairs in reading order."""
# aieng:stage 1 begin "Load and chunk documents"


def split_sections(text: str) -> list[Section]:
    """Split Markdown-ish text at ATX headings (not inside code fences), tracking PDF pages."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    paragraphs: list[tuple[int | None, str]] = []
    lines: list[str] = []
    page: int | None = None
    para_page: int | None = None
    in_fence = False

    def end_paragraph() -> None:
        content = "\n".join(lines).strip()
        if content:
            paragraphs.append((para_page, content))
        lines.clear()

    def flush() -> None:
        end_paragraph()
        if paragraphs:
            sections.append(Section(tuple(title for _, title in stack), tuple(paragraphs)))
        paragraphs.clear()

    for line in text.split("\n"):  # not splitlines(): it would split at the form feed
        if line.startswith(PAGE_MARK) and line[1:].strip().isdigit():
            end_paragraph()
            page = int(line[1:])
            continue
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, match.group(2).strip()))
        elif not line.strip() and not in_fence:
            end_paragraph()
        else:
            if not lines:
                para_page = page
            lines.append(line)
    flush()
    return sections
# aieng:stage 1 stub


def split_sections(text: str) -> list[Section]:
    """Split Markdown-ish text at ATX headings (`#` to `######`), tracking PDF pages.

    Each Section has the titles of the headings above it (its path in the heading tree: a
    heading closes every open heading of its level or deeper) and its paragraphs, which are
    separated by blank lines, as (page, text) pairs. A line `\\f<n>` (`PAGE_MARK` from
    `.loaders`, then a number) starts page n and is not text; a paragraph's page is the page
    its first line is on. Lines inside ``` or ~~~ code fences are text, never headings.
    Sections with no paragraphs are left out.
    """
    raise NotImplementedError("stage 1: split the text into sections at its headings")
# aieng:stage 1 end


Paragraph = tuple[int | None, str]
# aieng:stage 1 begin


def _units(paragraphs: tuple[Paragraph, ...], size: int) -> list[Paragraph]:
    """Paragraphs, with any paragraph longer than `size` cut at sentences, then at words."""
    units: list[tuple[int | None, str]] = []
    for page, para in paragraphs:
        if len(para) <= size:
            units.append((page, para))
            continue
        for sentence in _SENTENCE_END.split(para):
            while len(sentence) > size:
                cut = sentence.rfind(" ", 0, size)
                cut = cut if cut > 0 else size
                units.append((page, sentence[:cut].strip()))
                sentence = sentence[cut:].strip()
            if sentence:
                units.append((page, sentence))
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
        bodies: list[tuple[int | None, str]] = []
        current, page, fresh = "", None, False
        for unit_page, unit in _units(section.paragraphs, size):
            if current and unit_page != page:  # a new PDF page starts a new chunk
                bodies.append((page, current))
                current = ""
            if current and len(current) + 2 + len(unit) > size:
                bodies.append((page, current))
                tail = _tail(current, overlap)
                current = f"{tail}\n\n{unit}" if tail else unit
                page, fresh = unit_page, True
            else:
                if not current or not fresh:
                    page, fresh = unit_page, True
                current = f"{current}\n\n{unit}" if current else unit
        if current:
            bodies.append((page, current))
        for body_page, body in bodies:
            full = f"{heading}\n\n{body}" if heading else body
            chunks.append(Chunk(index=len(chunks), heading=heading, text=full, page=body_page))
    return chunks
# aieng:stage 1 stub


def chunk_document(text: str, size: int = 800, overlap: int = 120) -> list[Chunk]:
    """Chunks of about `size` characters; consecutive chunks of a section share `overlap`.

    Use `split_sections`. Within a section, pack whole paragraphs into a chunk while it stays
    within `size`; a paragraph longer than `size` is cut at sentence ends, then at spaces.
    The next chunk of the same section starts with the last `overlap` characters of the
    previous one (from a word boundary; `overlap` is at most size // 2). A chunk never spans
    two sections or two PDF pages. Each chunk's text is its heading path ("A > B"), a blank
    line, then its body (just the body when there are no headings); `index` counts from 0
    across the document and `page` is the page the chunk starts on.
    """
    raise NotImplementedError("stage 1: pack each section's paragraphs into overlapping chunks")
# aieng:stage 1 end
