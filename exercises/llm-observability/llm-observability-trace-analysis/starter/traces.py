"""Helpers for reading an LLM request trace: span tree, self time, token totals, root cause."""


def children(spans: list[dict]) -> dict[str, list[str]]:
    # TODO
    raise NotImplementedError


def self_time(spans: list[dict], span_id: str) -> float:
    # TODO
    raise NotImplementedError


def token_totals(spans: list[dict]) -> dict[str, int]:
    # TODO
    raise NotImplementedError


def root_cause(spans: list[dict]) -> list[str] | None:
    # TODO
    raise NotImplementedError
