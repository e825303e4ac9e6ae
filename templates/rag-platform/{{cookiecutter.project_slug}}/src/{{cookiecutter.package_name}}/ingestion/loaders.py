"""Turn uploaded bytes into text; headings become Markdown `#` lines so chunking can see them."""

from __future__ import annotations

# aieng:stage 1 begin
import io
# aieng:stage 1 stub
# aieng:stage 1 end
import re
from html.parser import HTMLParser
from pathlib import PurePath

from ..errors import DocumentError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".html", ".htm")
PAGE_MARK = "\f"
"""A line `\f<n>` starts page n of a PDF; chunking turns it into the chunks' page numbers."""


def is_supported(name: str) -> bool:
    return PurePath(name).suffix.lower() in SUPPORTED_SUFFIXES


def extract_text(name: str, data: bytes) -> str:
    """Return the document's text; Markdown headings mark its sections."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        return _decode(data)
    if suffix == ".pdf":
        return _pdf_text(name, data)
    if suffix in (".html", ".htm"):
        return html_to_markdown(_decode(data))
    raise DocumentError(f"{name}: unsupported file type {suffix or '(none)'}")


def _decode(data: bytes) -> str:
    text = data.decode("utf-8-sig", errors="replace")
    # A form feed in a text file must not pose as a PDF page mark.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace(PAGE_MARK, " ")
# aieng:stage 1 begin "Load and chunk documents"


def _pdf_text(name: str, data: bytes) -> str:
    # pypdf costs ~100 ms to import; only PDF ingestion pays for it.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(f"{name}: cannot read PDF ({exc})") from None
    return "\n\n".join(
        f"{PAGE_MARK}{number}\n{page.strip()}"
        for number, page in enumerate(pages, start=1)
        if page.strip()
    )
# aieng:stage 1 stub


def _pdf_text(name: str, data: bytes) -> str:
    """The text of a PDF, page by page: each page that has text starts with a line `\\f<n>`.

    Pages are numbered from 1; pages without text are left out; pages are separated by a blank
    line. Read it with `pypdf.PdfReader(io.BytesIO(data))` (import pypdf inside the function:
    it is slow to import). A PDF that cannot be read raises
    `DocumentError(f"{name}: cannot read PDF ({exc})")`.
    """
    raise NotImplementedError("stage 1: extract a PDF's text page by page, with page marks")
# aieng:stage 1 end


_BLOCK_TAGS = {"p", "div", "section", "article", "li", "tr", "br", "ul", "ol", "table", "pre"}
_SKIP_TAGS = {"script", "style", "head", "nav", "noscript", "template"}


class _HTMLToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "li" else "\n- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    """Keep text and heading structure, drop markup, scripts and styles."""
    parser = _HTMLToMarkdown()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
