"""Back-of-the-envelope GPU arithmetic: memory and the roofline model."""

BYTES_PER_PARAM = {"fp32": 4, "fp16": 2, "bf16": 2, "fp8": 1, "int8": 1, "int4": 0.5}


def weights_bytes(n_params: float, dtype: str) -> float:
    """Bytes needed to hold the weights in the given precision."""
    # TODO
    raise NotImplementedError


def training_bytes(n_params: float) -> float:
    """Bytes for mixed-precision Adam training (weights, grads, master copy, two moments)."""
    # TODO
    raise NotImplementedError


def matmul_intensity(m: int, n: int, k: int, bytes_per_element: float) -> float:
    """FLOPs per byte for (m x k) @ (k x n)."""
    # TODO
    raise NotImplementedError


def attainable_flops(intensity: float, peak_flops: float, bandwidth: float) -> float:
    """Roofline: the FLOP/s a kernel of this intensity can reach."""
    # TODO
    raise NotImplementedError


def bound(intensity: float, peak_flops: float, bandwidth: float) -> str:
    """'compute' or 'memory'."""
    # TODO
    raise NotImplementedError
