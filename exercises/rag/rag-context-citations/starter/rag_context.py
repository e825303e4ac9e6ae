"""Build a permission-filtered RAG context and check the answer's citations."""


def visible(hits: list[dict], user_groups: set[str]) -> list[dict]:
    """Hits the user may read (fail closed on an empty acl)."""
    # TODO
    raise NotImplementedError


def build_context(hits: list[dict], user_groups: set[str], max_chars: int) -> tuple[str, list[str]]:
    """'[id] text' blocks joined by blank lines, best first, within max_chars."""
    # TODO
    raise NotImplementedError


def cited_ids(answer: str) -> list[str]:
    """Ids cited as [id], in order of first appearance."""
    # TODO
    raise NotImplementedError


def check_citations(answer: str, used_ids: list[str]) -> dict:
    """{'cited': [...], 'unknown': [...], 'ok': bool}."""
    # TODO
    raise NotImplementedError
