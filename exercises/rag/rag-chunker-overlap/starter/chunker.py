"""Split documents into overlapping chunks that prefer natural boundaries."""


def chunk_text(text: str, size: int, overlap: int, separators: tuple[str, ...] = ("\n\n", "\n", " ")) -> list[str]:
    """Chunks of at most size characters; consecutive chunks share overlap characters."""
    # TODO
    raise NotImplementedError


def chunk_document(doc_id: str, title: str, text: str, size: int, overlap: int) -> list[dict]:
    """Chunks with ids, start offsets and the title prepended."""
    # TODO
    raise NotImplementedError
