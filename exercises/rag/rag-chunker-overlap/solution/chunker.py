"""Split documents into overlapping chunks that prefer natural boundaries."""


def _spans(text: str, size: int, overlap: int, separators: tuple[str, ...]) -> list[tuple[int, int]]:
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("need size > 0 and 0 <= overlap < size")
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            for sep in separators:
                idx = text.rfind(sep, start, end)
                if idx != -1 and idx + len(sep) > start + overlap:  # the next start must move forward
                    end = idx + len(sep)
                    break
        spans.append((start, end))
        if end == n:
            break
        start = end - overlap
    return spans


def chunk_text(text: str, size: int, overlap: int, separators: tuple[str, ...] = ("\n\n", "\n", " ")) -> list[str]:
    """Chunks of at most size characters; consecutive chunks share overlap characters."""
    return [text[a:b] for a, b in _spans(text, size, overlap, separators)]


def chunk_document(doc_id: str, title: str, text: str, size: int, overlap: int) -> list[dict]:
    """Chunks with ids, start offsets and the title prepended."""
    return [
        {"id": f"{doc_id}:{i}", "start": a, "text": f"{title}\n\n{text[a:b]}"}
        for i, (a, b) in enumerate(_spans(text, size, overlap, ("\n\n", "\n", " ")))
    ]
