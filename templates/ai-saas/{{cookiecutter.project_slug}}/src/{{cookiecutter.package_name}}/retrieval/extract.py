"""Text from uploaded files: UTF-8 text and Markdown, and PDF (pypdf), read with a size cap."""

from __future__ import annotations

import tempfile
from typing import IO

from ..errors import BadRequest, PayloadTooLarge

CHUNK = 64 * 1024
PDF_MAGIC = b"%PDF-"


def spool(source: IO[bytes], max_bytes: int) -> tempfile.SpooledTemporaryFile[bytes]:
    """Copy an upload into a temporary file piece by piece, stopping at `max_bytes`."""
    target: tempfile.SpooledTemporaryFile[bytes] = tempfile.SpooledTemporaryFile(
        max_size=1024 * 1024
    )
    size = 0
    while piece := source.read(CHUNK):
        size += len(piece)
        if size > max_bytes:
            target.close()
            raise PayloadTooLarge(f"Files are limited to {max_bytes:,} bytes.")
        target.write(piece)
    target.seek(0)
    return target


def extract_text(data: IO[bytes], filename: str) -> str:
    head = data.read(len(PDF_MAGIC))
    data.seek(0)
    if head == PDF_MAGIC or filename.lower().endswith(".pdf"):
        return _pdf_text(data)
    try:
        return data.read().decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("Upload a UTF-8 text or Markdown file, or a PDF.") from None


def _pdf_text(data: IO[bytes]) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(data)
        pages = [page.extract_text() or "" for page in reader.pages[:500]]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise BadRequest(f"This PDF could not be read ({type(exc).__name__}).") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise BadRequest("This PDF has no text layer (scanned pages need OCR first).")
    return text
