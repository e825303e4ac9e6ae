import attention as att
import numpy as np
import pytest


def test_scores_are_scaled_by_sqrt_dk():
    q = np.array([[1.0, 1.0]])
    k = np.array([[1.0, 1.0], [0.0, 0.0]])
    v = np.array([[1.0, 0.0], [0.0, 1.0]])
    out, w = att.attention(q, k, v)
    s = np.exp(2 / np.sqrt(2))
    assert w[0, 0] == pytest.approx(s / (s + 1))  # 0.804..., unscaled would give 0.881
    np.testing.assert_allclose(out, [[s / (s + 1), 1 / (s + 1)]])


def test_weights_are_rows_of_probabilities():
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(5, 8)), rng.normal(size=(7, 8)), rng.normal(size=(7, 3))
    out, w = att.attention(q, k, v)
    assert out.shape == (5, 3) and w.shape == (5, 7)
    np.testing.assert_allclose(w.sum(axis=-1), np.ones(5))
    np.testing.assert_allclose(out, w @ v)


def test_causal_mask_hides_the_future():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 6))
    v = rng.normal(size=(4, 2))
    out, w = att.attention(x, x, v, causal=True)
    assert np.all(np.triu(w, k=1) == 0)
    np.testing.assert_allclose(out[0], v[0])  # the first token can only see itself
    assert np.all(w[np.tril_indices(4)] > 0)


def test_causal_mask_with_a_kv_cache_aligns_queries_to_the_end():
    rng = np.random.default_rng(2)
    k, v = rng.normal(size=(4, 6)), rng.normal(size=(4, 2))
    _, w1 = att.attention(rng.normal(size=(1, 6)), k, v, causal=True)
    assert np.all(w1 > 0)  # the newest token sees the whole cache
    _, w2 = att.attention(rng.normal(size=(2, 6)), k, v, causal=True)
    assert w2[0, 3] == 0 and np.all(w2[0, :3] > 0) and np.all(w2[1] > 0)


def test_huge_scores_do_not_overflow():
    q = np.array([[1e4, 0.0], [0.0, 1e4]])
    out, w = att.attention(q, q, np.eye(2))
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(w, np.eye(2), atol=1e-12)


def test_leading_batch_and_head_axes():
    rng = np.random.default_rng(3)
    q, k, v = rng.normal(size=(2, 3, 4, 5)), rng.normal(size=(2, 3, 4, 5)), rng.normal(size=(2, 3, 4, 5))
    out, _ = att.attention(q, k, v, causal=True)
    for b in range(2):
        for h in range(3):
            np.testing.assert_allclose(out[b, h], att.attention(q[b, h], k[b, h], v[b, h], causal=True)[0])


def test_split_and_merge_heads():
    x = np.arange(12.0).reshape(2, 6)
    heads = att.split_heads(x, 3)
    assert heads.shape == (3, 2, 2)
    np.testing.assert_allclose(heads[1], [[2.0, 3.0], [8.0, 9.0]])
    np.testing.assert_allclose(att.merge_heads(heads), x)
    with pytest.raises(ValueError):
        att.split_heads(x, 4)
