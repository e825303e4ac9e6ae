import compact
import numpy as np
import pytest


def test_truncate_renormalises():
    v = np.array([[3.0, 4.0, 12.0], [0.0, 0.0, 1.0]])
    out = compact.truncate(v, 2)
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    np.testing.assert_allclose(np.linalg.norm(compact.truncate(v, 3), axis=1), [1.0, 1.0])


def test_truncate_rejects_bad_dims():
    v = np.ones((2, 4))
    for dim in (0, 5, -1):
        with pytest.raises(ValueError):
            compact.truncate(v, dim)


def test_storage_sizes():
    assert compact.storage_bytes(1, 1024, "float32") == 4096
    assert compact.storage_bytes(10_000_000, 1024, "float32") == 40_960_000_000
    assert compact.storage_bytes(10, 768, "float16") == 15_360
    assert compact.storage_bytes(10, 1024, "int8") == 10_240
    assert compact.storage_bytes(10, 1024, "binary") == 1_280  # 32x smaller than float32
    assert compact.storage_bytes(3, 9, "binary") == 6  # 9 bits round up to 2 bytes each
    with pytest.raises(ValueError):
        compact.storage_bytes(1, 8, "float64x")


def test_binarize_packs_sign_bits_msb_first():
    codes = compact.binarize(np.array([[0.5, -1.0, 0.0, 2.0, 0.1, -0.1, 3.0, -2.0, 1.0]]))
    assert codes.dtype == np.uint8 and codes.shape == (1, 2)
    assert codes[0].tolist() == [0b10011010, 0b10000000]  # zero counts as "not > 0"


def test_hamming_distance():
    a = compact.binarize(np.array([1.0, 1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0]))
    b = compact.binarize(np.array([1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0, -1.0]))
    assert compact.hamming(a, b) == 3
    assert compact.hamming(a, a) == 0


def test_binary_codes_preserve_rough_neighbours():
    rng = np.random.default_rng(0)
    base = rng.normal(size=64)
    near, far = base + 0.1 * rng.normal(size=64), rng.normal(size=64)
    codes = compact.binarize(np.stack([base, near, far]))
    assert compact.hamming(codes[0], codes[1]) < compact.hamming(codes[0], codes[2])


def test_model_mismatch_is_refused():
    compact.check_same_space({"model": "e5-small", "dim": 384}, {"model": "e5-small", "dim": 384})
    with pytest.raises(ValueError, match="model"):
        compact.check_same_space({"model": "e5-small", "dim": 384}, {"model": "bge-small", "dim": 384})
    with pytest.raises(ValueError, match="dim"):
        compact.check_same_space({"model": "e5-small", "dim": 384}, {"model": "e5-small", "dim": 256})
