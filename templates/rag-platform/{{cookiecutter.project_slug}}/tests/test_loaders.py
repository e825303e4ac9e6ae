"""Text extraction for .md, .txt, .pdf (pypdf) and .html."""

import pytest

from {{ cookiecutter.package_name }}.errors import DocumentError
from {{ cookiecutter.package_name }}.ingestion.loaders import (
    PAGE_MARK,
    extract_text,
    html_to_markdown,
    is_supported,
)

from .conftest import SAMPLE_DOCS
from .pdfgen import make_pdf


def test_markdown_and_text_are_decoded():
    assert extract_text("a.md", "# T\r\n\r\nCaf\u00e9".encode()) == "# T\n\nCaf\u00e9"
    assert extract_text("a.txt", b"\xef\xbb\xbfplain") == "plain"


def test_html_keeps_headings_and_drops_markup_scripts_and_navigation():
    text = html_to_markdown(
        "<html><head><title>x</title><style>p{}</style></head><body><nav>Menu</nav>"
        "<h1>Top</h1><p>One &amp; two</p><h2>Sub</h2><ul><li>a</li><li>b</li></ul>"
        "<script>alert(1)</script></body></html>"
    )
    assert "# Top" in text and "## Sub" in text and "One & two" in text
    assert "- a" in text and "- b" in text
    for gone in ("Menu", "alert", "p{}", "<"):
        assert gone not in text


@pytest.mark.stage(1)
def test_pdf_text_is_extracted_page_by_page():
    data = make_pdf([["First page says hello."], ["Second page says goodbye."]])
    text = extract_text("doc.pdf", data)
    assert "First page says hello." in text and "Second page says goodbye." in text
    assert text.index(f"{PAGE_MARK}1\n") < text.index("First") < text.index(f"{PAGE_MARK}2\n")


@pytest.mark.stage(1)
def test_the_shipped_pdf_is_readable():
    text = extract_text("service-schedule.pdf", (SAMPLE_DOCS / "service-schedule.pdf").read_bytes())
    assert "every 300 km" in text


@pytest.mark.stage(1)
def test_broken_pdf_and_unknown_types_raise_document_error():
    with pytest.raises(DocumentError, match="cannot read PDF"):
        extract_text("broken.pdf", b"%PDF-1.4 this is not a pdf")
    with pytest.raises(DocumentError, match="unsupported"):
        extract_text("image.png", b"\x89PNG")


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("a.md", True),
        ("A.PDF", True),
        ("x.htm", True),
        ("n.txt", True),
        ("x.docx", False),
        ("noext", False),
    ],
)
def test_supported_types(name, ok):
    assert is_supported(name) is ok
