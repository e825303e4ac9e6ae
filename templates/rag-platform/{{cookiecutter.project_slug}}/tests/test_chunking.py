"""Heading-aware chunking with overlap."""

import pytest

from {{ cookiecutter.package_name }}.ingestion.chunking import chunk_document, split_sections
from {{ cookiecutter.package_name }}.ingestion.loaders import extract_text

from .pdfgen import make_pdf

pytestmark = pytest.mark.stage(1)
DOC = """# Guide

Intro paragraph.

## Charging

Charge indoors.

### Cold weather

Never below zero.

## Storage

Keep it dry.
"""


def test_sections_follow_the_heading_tree():
    sections = split_sections(DOC)
    assert [s.headings for s in sections] == [
        ("Guide",),
        ("Guide", "Charging"),
        ("Guide", "Charging", "Cold weather"),
        ("Guide", "Storage"),
    ]
    assert sections[2].paragraphs == ((None, "Never below zero."),)


def test_chunks_never_cross_a_heading_and_carry_their_breadcrumb():
    chunks = chunk_document(DOC, size=500, overlap=50)
    assert [c.heading for c in chunks] == [
        "Guide",
        "Guide > Charging",
        "Guide > Charging > Cold weather",
        "Guide > Storage",
    ]
    assert chunks[3].text == "Guide > Storage\n\nKeep it dry."
    assert [c.index for c in chunks] == [0, 1, 2, 3]


def test_long_sections_split_with_overlap_between_neighbours():
    paragraphs = [f"Paragraph {i} talks about topic number {i} in some detail." for i in range(30)]
    chunks = chunk_document("# Long\n\n" + "\n\n".join(paragraphs), size=200, overlap=60)
    assert len(chunks) > 5
    for before, after in zip(chunks, chunks[1:], strict=False):
        body_before = before.text.split("\n\n", 1)[1]
        body_after = after.text.split("\n\n", 1)[1]
        first_line = body_after.split("\n\n")[0]
        assert first_line in body_before, "the next chunk starts with the tail of the previous one"
        assert len(body_after) <= 200 + 60 + 2
    joined = " ".join(c.text for c in chunks)
    assert all(p in joined for p in paragraphs), "no text is lost"


def test_no_overlap_means_disjoint_chunks():
    text = "\n\n".join(f"Sentence number {i} is here." for i in range(40))
    chunks = chunk_document(text, size=150, overlap=0)
    bodies = [c.text for c in chunks]
    assert sum(b.count("Sentence number") for b in bodies) == 40


def test_a_giant_paragraph_is_cut_at_sentences_and_words():
    text = " ".join(["word"] * 1000)
    chunks = chunk_document(text, size=120, overlap=20)
    assert all(len(c.text) <= 120 + 20 + 2 for c in chunks)


def test_headings_inside_code_fences_are_text():
    text = "# Real\n\n```\n# not a heading\n```\n"
    chunks = chunk_document(text, size=500, overlap=0)
    assert len(chunks) == 1 and "# not a heading" in chunks[0].text


def test_empty_documents_have_no_chunks():
    assert chunk_document("", 500, 50) == []
    assert chunk_document("# Only a heading\n", 500, 50) == []


def test_pdf_chunks_know_their_page():
    pages = [["Intro page about frames."], ["Brakes need pads at 1.5 mm."], ["Chains stretch."]]
    text = extract_text("manual.pdf", make_pdf(pages))
    chunks = chunk_document(text, size=100, overlap=0)
    assert [(c.page, c.text) for c in chunks] == [
        (1, "Intro page about frames."),
        (2, "Brakes need pads at 1.5 mm."),
        (3, "Chains stretch."),
    ]
    assert [c.page for c in chunk_document(text, size=800, overlap=0)] == [1, 2, 3], (
        "chunks never span pages, so every citation names one page"
    )


def test_text_files_cannot_fake_page_marks():
    text = extract_text("notes.txt", b"\x0c7\nnot a page")
    assert [c.page for c in chunk_document(text)] == [None]
