"""Estimating LLM spend from token counts and prices."""

from dataclasses import dataclass

BATCH_DISCOUNT = 0.5


@dataclass(frozen=True)
class Pricing:
    """Dollars per million tokens."""

    input: float
    output: float
    cached_input: float


def request_cost(
    pricing: Pricing, input_tokens: int, output_tokens: int, cached_tokens: int = 0, batch: bool = False
) -> float:
    # TODO
    raise NotImplementedError


def monthly_cost(
    pricing: Pricing,
    requests: int,
    input_tokens: int,
    output_tokens: int,
    cached_tokens: int = 0,
    batch: bool = False,
) -> float:
    # TODO
    raise NotImplementedError


def cost_per_success(cost_per_attempt: float, success_rate: float) -> float:
    # TODO
    raise NotImplementedError


def cheapest(options: dict[str, tuple[Pricing, float]], input_tokens: int, output_tokens: int) -> str:
    # TODO
    raise NotImplementedError
