"""Back-of-the-envelope inference arithmetic: KV-cache, capacity, decode bound, cost."""


def kv_bytes_per_token(layers: int, kv_heads: int, head_dim: int, bytes_per_value: float = 2) -> float:
    """Bytes of K and V cached per token."""
    # TODO
    raise NotImplementedError


def max_sequences(
    gpu_bytes: float, weight_bytes: float, per_token_bytes: float, seq_len: int, utilization: float = 0.9
) -> int:
    """Full-length sequences whose cache fits next to the weights."""
    # TODO
    raise NotImplementedError


def decode_tokens_per_second_bound(weight_bytes: float, bandwidth: float) -> float:
    """Upper bound on single-sequence decode speed."""
    # TODO
    raise NotImplementedError


def cost_per_million_tokens(price_per_hour: float, tokens_per_second: float, utilization: float = 1.0) -> float:
    """Dollars per million generated tokens."""
    # TODO
    raise NotImplementedError
