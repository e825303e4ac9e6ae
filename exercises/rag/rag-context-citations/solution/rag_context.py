"""Build a permission-filtered RAG context and check the answer's citations."""

import re

_CITATION = re.compile(r"\[([A-Za-z0-9_:#-]+)\]")


def visible(hits: list[dict], user_groups: set[str]) -> list[dict]:
    """Hits the user may read (fail closed on an empty acl)."""
    return [h for h in hits if set(h.get("acl") or ()) & set(user_groups)]


def build_context(hits: list[dict], user_groups: set[str], max_chars: int) -> tuple[str, list[str]]:
    """'[id] text' blocks joined by blank lines, best first, within max_chars."""
    unique: dict[str, dict] = {}
    for hit in visible(hits, user_groups):
        unique.setdefault(hit["id"], hit)
    ranked = sorted(unique.values(), key=lambda h: (-h["score"], h["id"]))
    blocks: list[str] = []
    used: list[str] = []
    length = 0
    for hit in ranked:
        block = f"[{hit['id']}] {hit['text']}"
        extra = len(block) + (2 if blocks else 0)
        if length + extra > max_chars:
            break
        blocks.append(block)
        used.append(hit["id"])
        length += extra
    return "\n\n".join(blocks), used


def cited_ids(answer: str) -> list[str]:
    """Ids cited as [id], in order of first appearance."""
    return list(dict.fromkeys(_CITATION.findall(answer)))


def check_citations(answer: str, used_ids: list[str]) -> dict:
    """{'cited': [...], 'unknown': [...], 'ok': bool}."""
    cited = cited_ids(answer)
    unknown = [c for c in cited if c not in set(used_ids)]
    return {"cited": cited, "unknown": unknown, "ok": bool(cited) and not unknown}
