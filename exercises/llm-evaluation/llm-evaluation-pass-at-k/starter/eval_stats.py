"""Statistics for reading LLM evaluation results: pass@k, intervals, paired tests."""


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from n samples with c passing."""
    # TODO
    raise NotImplementedError


def mean_pass_at_k(results: list[tuple[int, int]], k: int) -> float:
    """Average pass@k over problems given (n, c) each."""
    # TODO
    raise NotImplementedError


def standard_error(p: float, n: int) -> float:
    """Standard error of an accuracy p measured on n items."""
    # TODO
    raise NotImplementedError


def ci95(p: float, n: int) -> tuple[float, float]:
    """Normal-approximation 95% interval, clipped to [0, 1]."""
    # TODO
    raise NotImplementedError


def mcnemar(a_correct: list[bool], b_correct: list[bool]) -> tuple[int, int, float]:
    """(only_a, only_b, chi2) for a paired comparison on the same items."""
    # TODO
    raise NotImplementedError
