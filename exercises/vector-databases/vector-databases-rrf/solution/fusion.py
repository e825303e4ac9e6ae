"""Reciprocal rank fusion of ranked result lists."""


def rrf(
    result_lists: list[list[str]],
    k: int = 60,
    weights: list[float] | None = None,
    top_n: int | None = None,
) -> list[tuple[str, float]]:
    """Fuse ranked lists of ids into (id, score) pairs, best first, ties by id."""
    if weights is None:
        weights = [1.0] * len(result_lists)
    if len(weights) != len(result_lists):
        raise ValueError("need one weight per result list")
    scores: dict[str, float] = {}
    for ranked, weight in zip(result_lists, weights, strict=True):
        seen: set[str] = set()
        for rank, doc_id in enumerate(ranked, start=1):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    fused = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return fused if top_n is None else fused[:top_n]
