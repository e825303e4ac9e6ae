import lora
import numpy as np
import pytest


def test_parameter_counts():
    assert lora.lora_params(4096, 4096, 16) == 131_072
    assert lora.lora_params(4096, 11008, 8) == 8 * (4096 + 11008)  # non-square MLP projection
    shapes = [(4096, 4096)] * 2 + [(1024, 4096)] * 2
    assert lora.total_lora_params(shapes, 8) == 2 * 8 * 8192 + 2 * 8 * 5120


def test_zero_b_merges_to_the_base_model():
    rng = np.random.default_rng(0)
    W, A = rng.normal(size=(6, 4)), rng.normal(size=(2, 4))
    np.testing.assert_allclose(lora.merge(W, A, np.zeros((6, 2)), alpha=16), W)


def test_merge_scales_by_alpha_over_r():
    W = np.zeros((3, 2))
    A, B = np.ones((4, 2)), np.ones((3, 4))
    np.testing.assert_allclose(lora.merge(W, A, B, alpha=8), np.full((3, 2), 8.0))  # (8/4) * 4
    np.testing.assert_allclose(lora.merge(W, A[:2], B[:, :2], alpha=8), np.full((3, 2), 8.0))  # (8/2) * 2


def test_shape_mismatch_raises():
    W = np.zeros((6, 4))
    with pytest.raises(ValueError):
        lora.merge(W, np.zeros((2, 6)), np.zeros((4, 2)), 1.0)  # A and B swapped roles
    with pytest.raises(ValueError):
        lora.merge(W, np.zeros((2, 4)), np.zeros((6, 3)), 1.0)


def test_forward_without_merging_matches_the_merged_weight():
    rng = np.random.default_rng(1)
    W, A, B = rng.normal(size=(5, 3)), rng.normal(size=(2, 3)), rng.normal(size=(5, 2))
    x = rng.normal(size=(4, 3))
    out = lora.lora_forward(x, W, A, B, alpha=4)
    assert out.shape == (4, 5)
    np.testing.assert_allclose(out, x @ lora.merge(W, A, B, alpha=4).T)


def test_response_only_labels():
    assert lora.response_labels([101, 7, 8, 9, 42, 43, 2], 4) == [-100, -100, -100, -100, 42, 43, 2]
    assert lora.response_labels([5, 6], 0) == [5, 6]
    assert lora.response_labels([5, 6], 5) == [-100, -100]


def test_memory_full_vs_lora_vs_qlora():
    assert lora.finetune_bytes(7e9, 7e9, 0) == pytest.approx(112e9)
    assert lora.finetune_bytes(7e9, 40e6, 2) == pytest.approx(14e9 + 640e6)
    assert lora.finetune_bytes(7e9, 40e6, 0.5) == pytest.approx(3.5e9 + 640e6)
