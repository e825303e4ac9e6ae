"""Shape and parameter arithmetic for convolutional networks."""


def conv_output_size(size: int, kernel: int, padding: int = 0, stride: int = 1, dilation: int = 1) -> int:
    """Output length along one spatial axis (rounded down, like PyTorch)."""
    # TODO
    raise NotImplementedError


def conv_params(kernel: int, c_in: int, c_out: int, bias: bool = True) -> int:
    """Number of learnable parameters of a square conv layer."""
    # TODO
    raise NotImplementedError


def receptive_field(layers: list[tuple[int, int]]) -> int:
    """Receptive field side of a stack of (kernel, stride) layers."""
    # TODO
    raise NotImplementedError


def trace(input_chw: tuple[int, int, int], layers: list[tuple]) -> tuple[list[tuple[int, int, int]], int]:
    """Shapes after each ("conv", c_out, k, padding, stride) / ("pool", k, stride) layer, and total params."""
    # TODO
    raise NotImplementedError
