"""Multinomial Naive Bayes with Laplace smoothing, computed in log space."""

import math
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class NaiveBayes:
    classes: list[str] = field(default_factory=list)
    vocab: set[str] = field(default_factory=set)
    log_prior: dict[str, float] = field(default_factory=dict)
    log_likelihood: dict[str, dict[str, float]] = field(default_factory=dict)


def fit(docs: list[tuple[list[str], str]]) -> NaiveBayes:
    if not docs:
        raise ValueError("no training documents")
    doc_counts = Counter(label for _, label in docs)
    words: dict[str, Counter] = {label: Counter() for label in doc_counts}
    for tokens, label in docs:
        words[label].update(tokens)
    vocab = {w for tokens, _ in docs for w in tokens}
    model = NaiveBayes(classes=sorted(doc_counts), vocab=vocab)
    for label in model.classes:
        model.log_prior[label] = math.log(doc_counts[label] / len(docs))
        total = sum(words[label].values()) + len(vocab)
        model.log_likelihood[label] = {w: math.log((words[label][w] + 1) / total) for w in vocab}
    return model


def predict_proba(model: NaiveBayes, tokens: list[str]) -> dict[str, float]:
    known = [w for w in tokens if w in model.vocab]
    scores = {c: model.log_prior[c] + sum(model.log_likelihood[c][w] for w in known) for c in model.classes}
    top = max(scores.values())
    weights = {c: math.exp(s - top) for c, s in scores.items()}
    total = sum(weights.values())
    return {c: w / total for c, w in weights.items()}


def predict(model: NaiveBayes, tokens: list[str]) -> str:
    probs = predict_proba(model, tokens)
    return min(probs, key=lambda c: (-probs[c], c))
