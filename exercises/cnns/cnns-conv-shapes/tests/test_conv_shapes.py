import conv_shapes as cs
import pytest


def test_lesson_example_same_padding():
    assert cs.conv_output_size(32, 3, padding=1) == 32
    assert cs.conv_params(3, 3, 16) == 448
    assert cs.conv_params(3, 3, 16, bias=False) == 432


def test_stride_rounds_down_and_returns_int():
    out = cs.conv_output_size(8, 3, padding=0, stride=2)
    assert out == 3 and isinstance(out, int)
    assert cs.conv_output_size(224, 7, padding=3, stride=2) == 112  # ResNet stem
    assert cs.conv_output_size(32, 2, stride=2) == 16  # 2x2 max-pool


def test_dilation_widens_the_kernel():
    assert cs.conv_output_size(32, 3, dilation=2) == 28
    assert cs.conv_output_size(32, 3, padding=2, dilation=2) == 32


@pytest.mark.parametrize(
    "args",
    [(2, 3, 0, 1), (5, 0, 0, 1), (5, 3, -1, 1), (5, 3, 0, 0)],
)
def test_impossible_layers_raise(args):
    with pytest.raises(ValueError):
        cs.conv_output_size(*args)


def test_receptive_field_grows_with_depth_and_stride():
    assert cs.receptive_field([]) == 1
    assert cs.receptive_field([(3, 1), (3, 1)]) == 5
    assert cs.receptive_field([(3, 1)] * 3) == 7
    assert cs.receptive_field([(3, 1), (2, 2), (3, 1)]) == 8
    assert cs.receptive_field([(3, 2), (3, 2), (3, 1)]) == 15


def test_trace_the_lesson_network():
    layers = [("conv", 16, 3, 1, 1), ("pool", 2, 2), ("conv", 32, 3, 1, 1), ("pool", 2, 2)]
    shapes, params = cs.trace((3, 32, 32), layers)
    assert shapes == [(16, 32, 32), (16, 16, 16), (32, 16, 16), (32, 8, 8)]
    assert params == 448 + (3 * 3 * 16 * 32 + 32)


def test_trace_non_square_input():
    shapes, params = cs.trace((1, 28, 20), [("conv", 4, 5, 0, 1), ("pool", 2, 2)])
    assert shapes == [(4, 24, 16), (4, 12, 8)]
    assert params == 5 * 5 * 1 * 4 + 4
