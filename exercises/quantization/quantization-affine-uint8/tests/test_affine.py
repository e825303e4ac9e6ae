import numpy as np
import pytest
from affine import affine_params, dequantize, quantize, roundtrip_error


def test_relu_outputs_use_the_full_range():
    x = np.array([0.0, 1.5, 3.0, 6.0])
    scale, zp = affine_params(x)
    assert scale == pytest.approx(6.0 / 255) and zp == 0
    q = quantize(x, scale, zp)
    assert q.dtype == np.uint8
    assert q.tolist() == [0, 64, 128, 255]  # 1.5 / (6/255) = 63.75 rounds to 64


def test_range_is_stretched_to_include_zero():
    scale, zp = affine_params(np.array([2.0, 4.0]))  # lo becomes 0, not 2
    assert scale == pytest.approx(4.0 / 255) and zp == 0
    scale, zp = affine_params(np.array([-3.0, -1.0]))  # hi becomes 0
    assert scale == pytest.approx(3.0 / 255) and zp == 255


def test_mixed_sign_zero_point_and_exact_zero():
    x = np.array([-1.0, 0.0, 3.0])
    scale, zp = affine_params(x)
    assert scale == pytest.approx(4.0 / 255)
    assert zp == 64  # round(1 / (4/255)) = round(63.75)
    q = quantize(x, scale, zp)
    assert q.tolist() == [0, 64, 255]
    assert dequantize(q, scale, zp)[1] == 0.0  # zero comes back exactly


def test_clipping_outside_the_calibrated_range():
    scale, zp = affine_params(np.array([0.0, 1.0]))
    assert quantize(np.array([-0.5, 2.0]), scale, zp).tolist() == [0, 255]


def test_roundtrip_error_bound():
    rng = np.random.default_rng(0)
    for x in (rng.normal(size=1000), rng.uniform(0, 6, size=1000), rng.uniform(-5, -1, size=100)):
        scale, _ = affine_params(x)
        assert roundtrip_error(x) <= scale / 2 + 1e-12


def test_all_zero_tensor():
    assert affine_params(np.zeros(4)) == (1.0, 0)
    assert roundtrip_error(np.zeros(4)) == 0.0


def test_affine_beats_symmetric_on_one_sided_data():
    x = np.random.default_rng(1).uniform(0, 6, size=1000)
    symmetric_scale = 6.0 / 127
    symmetric = np.clip(np.round(x / symmetric_scale), -127, 127) * symmetric_scale
    assert roundtrip_error(x) < np.max(np.abs(symmetric - x))
