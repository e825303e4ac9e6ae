"""Shape and parameter arithmetic for convolutional networks."""


def conv_output_size(size: int, kernel: int, padding: int = 0, stride: int = 1, dilation: int = 1) -> int:
    """Output length along one spatial axis (rounded down, like PyTorch)."""
    if kernel < 1 or stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("kernel, stride and dilation must be >= 1 and padding >= 0")
    out = (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError(f"kernel {kernel} does not fit an input of size {size} with padding {padding}")
    return out


def conv_params(kernel: int, c_in: int, c_out: int, bias: bool = True) -> int:
    """Number of learnable parameters of a square conv layer."""
    return kernel * kernel * c_in * c_out + (c_out if bias else 0)


def receptive_field(layers: list[tuple[int, int]]) -> int:
    """Receptive field side of a stack of (kernel, stride) layers."""
    field, jump = 1, 1
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= stride
    return field


def trace(input_chw: tuple[int, int, int], layers: list[tuple]) -> tuple[list[tuple[int, int, int]], int]:
    """Shapes after each ("conv", c_out, k, padding, stride) / ("pool", k, stride) layer, and total params."""
    c, h, w = input_chw
    shapes: list[tuple[int, int, int]] = []
    total = 0
    for layer in layers:
        if layer[0] == "conv":
            _, c_out, k, p, s = layer
            total += conv_params(k, c, c_out)
            c, h, w = c_out, conv_output_size(h, k, p, s), conv_output_size(w, k, p, s)
        elif layer[0] == "pool":
            _, k, s = layer
            h, w = conv_output_size(h, k, 0, s), conv_output_size(w, k, 0, s)
        else:
            raise ValueError(f"unknown layer {layer[0]!r}")
        shapes.append((c, h, w))
    return shapes, total
