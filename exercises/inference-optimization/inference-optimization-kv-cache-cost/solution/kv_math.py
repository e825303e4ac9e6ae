"""Back-of-the-envelope inference arithmetic: KV-cache, capacity, decode bound, cost."""

import math


def kv_bytes_per_token(layers: int, kv_heads: int, head_dim: int, bytes_per_value: float = 2) -> float:
    """Bytes of K and V cached per token."""
    return 2 * layers * kv_heads * head_dim * bytes_per_value


def max_sequences(
    gpu_bytes: float, weight_bytes: float, per_token_bytes: float, seq_len: int, utilization: float = 0.9
) -> int:
    """Full-length sequences whose cache fits next to the weights."""
    free = gpu_bytes * utilization - weight_bytes
    if free <= 0:
        return 0
    return math.floor(free / (per_token_bytes * seq_len))


def decode_tokens_per_second_bound(weight_bytes: float, bandwidth: float) -> float:
    """Upper bound on single-sequence decode speed."""
    return bandwidth / weight_bytes


def cost_per_million_tokens(price_per_hour: float, tokens_per_second: float, utilization: float = 1.0) -> float:
    """Dollars per million generated tokens."""
    tokens_per_hour = tokens_per_second * 3600 * utilization
    return price_per_hour / tokens_per_hour * 1_000_000
