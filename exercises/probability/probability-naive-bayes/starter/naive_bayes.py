"""Multinomial Naive Bayes with Laplace smoothing, computed in log space."""

from dataclasses import dataclass, field


@dataclass
class NaiveBayes:
    classes: list[str] = field(default_factory=list)
    vocab: set[str] = field(default_factory=set)
    log_prior: dict[str, float] = field(default_factory=dict)
    log_likelihood: dict[str, dict[str, float]] = field(default_factory=dict)


def fit(docs: list[tuple[list[str], str]]) -> NaiveBayes:
    # TODO: count documents per class and words per class; smooth with +1
    raise NotImplementedError


def predict_proba(model: NaiveBayes, tokens: list[str]) -> dict[str, float]:
    # TODO: log prior + sum of log likelihoods, then log-sum-exp
    raise NotImplementedError


def predict(model: NaiveBayes, tokens: list[str]) -> str:
    raise NotImplementedError
