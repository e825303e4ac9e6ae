"""Agreement between an LLM judge and human labels."""


def percent_agreement(human: list[str], judge: list[str]) -> float:
    """Share of items with identical labels."""
    # TODO
    raise NotImplementedError


def cohen_kappa(human: list[str], judge: list[str]) -> float:
    """Chance-corrected agreement."""
    # TODO
    raise NotImplementedError


def pairwise_verdict(first: str, second: str) -> str:
    """'a', 'b' or 'tie' from verdicts in both presentation orders."""
    # TODO
    raise NotImplementedError
