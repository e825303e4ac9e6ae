import gpu_math as g
import pytest

PEAK, BW = 989e12, 3.35e12  # dense BF16 FLOP/s and HBM bytes/s of a data-centre GPU


def test_weights_at_each_precision():
    assert g.weights_bytes(7e9, "bf16") == pytest.approx(14e9)
    assert g.weights_bytes(7e9, "fp32") == pytest.approx(28e9)
    assert g.weights_bytes(7e9, "int4") == pytest.approx(3.5e9)
    assert g.weights_bytes(70e9, "fp8") == pytest.approx(70e9)


def test_unknown_dtype_raises():
    with pytest.raises(ValueError):
        g.weights_bytes(1e9, "int3")


def test_training_needs_sixteen_bytes_per_parameter():
    assert g.training_bytes(7e9) == pytest.approx(112e9)
    assert g.training_bytes(1) == pytest.approx(16)


def test_square_matmul_intensity():
    assert g.matmul_intensity(4096, 4096, 4096, 2) == pytest.approx(4096 / 3)
    assert g.matmul_intensity(2, 2, 2, 4) == pytest.approx(16 / 48)


def test_matrix_vector_product_is_memory_bound():
    i = g.matmul_intensity(1, 4096, 4096, 2)  # decoding one token at batch size 1
    assert i == pytest.approx(2 * 4096 * 4096 / (2 * (4096 + 4096 * 4096 + 4096)))
    assert i < 1.0
    assert g.bound(i, PEAK, BW) == "memory"
    assert g.bound(g.matmul_intensity(4096, 4096, 4096, 2), PEAK, BW) == "compute"


def test_roofline_and_ridge_point():
    ridge = PEAK / BW
    assert g.attainable_flops(10, PEAK, BW) == pytest.approx(10 * BW)
    assert g.attainable_flops(1000, PEAK, BW) == pytest.approx(PEAK)
    assert g.bound(ridge, PEAK, BW) == "compute"
    assert g.bound(ridge * 0.99, PEAK, BW) == "memory"
