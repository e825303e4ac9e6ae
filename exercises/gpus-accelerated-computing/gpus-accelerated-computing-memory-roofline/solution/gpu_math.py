"""Back-of-the-envelope GPU arithmetic: memory and the roofline model."""

BYTES_PER_PARAM = {"fp32": 4, "fp16": 2, "bf16": 2, "fp8": 1, "int8": 1, "int4": 0.5}


def weights_bytes(n_params: float, dtype: str) -> float:
    """Bytes needed to hold the weights in the given precision."""
    if dtype not in BYTES_PER_PARAM:
        raise ValueError(f"unknown dtype {dtype!r}")
    return n_params * BYTES_PER_PARAM[dtype]


def training_bytes(n_params: float) -> float:
    """Bytes for mixed-precision Adam training (weights, grads, master copy, two moments)."""
    return n_params * (2 + 2 + 4 + 4 + 4)


def matmul_intensity(m: int, n: int, k: int, bytes_per_element: float) -> float:
    """FLOPs per byte for (m x k) @ (k x n)."""
    flops = 2 * m * n * k
    moved = bytes_per_element * (m * k + k * n + m * n)
    return flops / moved


def attainable_flops(intensity: float, peak_flops: float, bandwidth: float) -> float:
    """Roofline: the FLOP/s a kernel of this intensity can reach."""
    return min(peak_flops, intensity * bandwidth)


def bound(intensity: float, peak_flops: float, bandwidth: float) -> str:
    """'compute' or 'memory'."""
    return "compute" if intensity >= peak_flops / bandwidth else "memory"
