import pytest
from chunker import chunk_document, chunk_text

TEXT = "aaaa bbbb cccc dddd"


def test_cuts_after_spaces_without_overlap():
    assert chunk_text(TEXT, 10, 0) == ["aaaa bbbb ", "cccc dddd"]


def test_overlap_repeats_the_tail():
    assert chunk_text(TEXT, 10, 5) == ["aaaa bbbb ", "bbbb cccc ", "cccc dddd"]


def test_paragraphs_beat_spaces():
    text = "para one.\n\npara two is longer"
    assert chunk_text(text, 20, 0) == ["para one.\n\n", "para two is longer"]


def test_hard_cut_when_there_is_no_separator():
    assert chunk_text("abcdefghij" * 3, 10, 2) == ["abcdefghij", "ijabcdefgh", "ghijabcdef", "efghij"]


def test_separator_too_close_to_the_start_is_ignored():
    # the only space is inside the overlap zone: cutting there would never move forward
    assert chunk_text("ab cdefghijklmnop", 8, 4) == ["ab cdefg", "defghijk", "hijklmno", "lmnop"]


def test_invariants_on_a_longer_text():
    text = ("Refunds are issued within 14 days.\nShipping is free over 50 EUR.\n\n" * 6).strip()
    for size, overlap in [(40, 0), (40, 10), (25, 24), (7, 3)]:
        chunks = chunk_text(text, size, overlap)
        assert all(0 < len(c) <= size for c in chunks)
        rebuilt = chunks[0] + "".join(c[overlap:] for c in chunks[1:])
        assert rebuilt == text
        for prev, nxt in zip(chunks, chunks[1:], strict=False):
            assert nxt.startswith(prev[len(prev) - overlap :])


@pytest.mark.parametrize("size, overlap", [(0, 0), (10, 10), (10, 12), (10, -1)])
def test_bad_settings_raise(size, overlap):
    with pytest.raises(ValueError):
        chunk_text(TEXT, size, overlap)


def test_empty_text_and_short_text():
    assert chunk_text("", 10, 2) == []
    assert chunk_text("short", 10, 2) == ["short"]


def test_chunk_document_ids_offsets_and_titles():
    chunks = chunk_document("faq", "Shipping FAQ", TEXT, 10, 5)
    assert [c["id"] for c in chunks] == ["faq:0", "faq:1", "faq:2"]
    assert [c["start"] for c in chunks] == [0, 5, 10]
    assert chunks[1]["text"] == "Shipping FAQ\n\nbbbb cccc "
