"""Reciprocal rank fusion of ranked result lists."""


def rrf(
    result_lists: list[list[str]],
    k: int = 60,
    weights: list[float] | None = None,
    top_n: int | None = None,
) -> list[tuple[str, float]]:
    """Fuse ranked lists of ids into (id, score) pairs, best first, ties by id."""
    # TODO
    raise NotImplementedError
