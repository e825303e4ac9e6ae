"""Agreement between an LLM judge and human labels."""

from collections import Counter


def _check(human: list[str], judge: list[str]) -> None:
    if not human or len(human) != len(judge):
        raise ValueError("need two non-empty label lists of equal length")


def percent_agreement(human: list[str], judge: list[str]) -> float:
    """Share of items with identical labels."""
    _check(human, judge)
    return sum(h == j for h, j in zip(human, judge, strict=True)) / len(human)


def cohen_kappa(human: list[str], judge: list[str]) -> float:
    """Chance-corrected agreement."""
    p_o = percent_agreement(human, judge)
    n = len(human)
    h_counts, j_counts = Counter(human), Counter(judge)
    p_e = sum(h_counts[label] * j_counts[label] for label in set(h_counts) | set(j_counts)) / (n * n)
    if p_e == 1:
        raise ValueError("kappa is undefined when both raters always give the same single label")
    return (p_o - p_e) / (1 - p_e)


def pairwise_verdict(first: str, second: str) -> str:
    """'a', 'b' or 'tie' from verdicts in both presentation orders."""
    if first == "A" and second == "B":
        return "a"
    if first == "B" and second == "A":
        return "b"
    return "tie"
