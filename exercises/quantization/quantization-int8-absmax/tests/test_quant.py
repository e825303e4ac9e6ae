import numpy as np
import pytest
import quant

W = np.array([0.12, -0.50, 0.31, 0.02])


def test_lesson_example_int8():
    q, s = quant.quantize(W, bits=8)
    assert q.dtype == np.int8
    assert q.tolist() == [30, -127, 79, 5]
    assert s == pytest.approx(0.5 / 127)
    assert quant.dequantize(q, s)[0] == pytest.approx(30 * 0.5 / 127)


def test_lesson_example_int4_loses_small_weights():
    q, s = quant.quantize(W, bits=4)
    assert q.tolist() == [2, -7, 4, 0]
    assert s == pytest.approx(0.5 / 7)
    assert quant.dequantize(q, s)[3] == 0.0


def test_error_is_at_most_half_a_step():
    rng = np.random.default_rng(0)
    x = rng.normal(size=1000)
    for bits in (8, 4):
        q, s = quant.quantize(x, bits)
        assert np.max(np.abs(quant.dequantize(q, s) - x)) <= s / 2 + 1e-12
        assert np.max(np.abs(q)) == 2 ** (bits - 1) - 1  # the largest value uses the full range


def test_all_zero_tensor():
    q, s = quant.quantize(np.zeros(5))
    assert s == 1.0 and q.tolist() == [0] * 5


def test_groups_contain_an_outlier():
    x = np.array([0.01, -0.02, 0.03, 0.015, 8.0, 0.01, -0.02, 0.03])
    per_tensor = quant.dequantize(*quant.quantize(x, bits=4))
    q, scales = quant.quantize_groups(x, 4, bits=4)
    assert scales.shape == (2,)
    assert scales[0] == pytest.approx(0.03 / 7) and scales[1] == pytest.approx(8.0 / 7)
    grouped = quant.dequantize_groups(q, scales, 4)
    assert np.abs(grouped[:4] - x[:4]).max() < 0.003
    assert np.all(per_tensor[:4] == 0.0)  # one scale for all wipes the small group out


def test_groups_must_divide_the_length():
    with pytest.raises(ValueError):
        quant.quantize_groups(np.ones(10), 4)


def test_weight_bytes_with_scales():
    assert quant.weight_bytes(8e9, 16) == pytest.approx(16e9)
    assert quant.weight_bytes(8e9, 4) == pytest.approx(4e9)
    assert quant.weight_bytes(8e9, 4, group_size=128) == pytest.approx(4e9 + 125e6)
    assert quant.weight_bytes(70e9, 8, group_size=64, scale_bytes=4) == pytest.approx(70e9 + 70e9 / 64 * 4)
