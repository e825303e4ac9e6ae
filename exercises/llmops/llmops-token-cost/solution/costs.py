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
    if not 0 <= cached_tokens <= input_tokens:
        raise ValueError("cached_tokens must be between 0 and input_tokens")
    cost = (
        (input_tokens - cached_tokens) * pricing.input
        + cached_tokens * pricing.cached_input
        + output_tokens * pricing.output
    ) / 1_000_000
    return cost * BATCH_DISCOUNT if batch else cost


def monthly_cost(
    pricing: Pricing,
    requests: int,
    input_tokens: int,
    output_tokens: int,
    cached_tokens: int = 0,
    batch: bool = False,
) -> float:
    return requests * request_cost(pricing, input_tokens, output_tokens, cached_tokens, batch)


def cost_per_success(cost_per_attempt: float, success_rate: float) -> float:
    if not 0 < success_rate <= 1:
        raise ValueError("success_rate must be in (0, 1]")
    return cost_per_attempt / success_rate


def cheapest(options: dict[str, tuple[Pricing, float]], input_tokens: int, output_tokens: int) -> str:
    def key(name: str) -> tuple[float, str]:
        pricing, rate = options[name]
        return cost_per_success(request_cost(pricing, input_tokens, output_tokens), rate), name

    return min(options, key=key)
