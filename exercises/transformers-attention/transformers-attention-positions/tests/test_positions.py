import numpy as np
import positions as pos
import pytest


def test_frequencies():
    np.testing.assert_allclose(pos.frequencies(4), [1.0, 0.01])
    np.testing.assert_allclose(pos.frequencies(8, base=16.0), [1.0, 0.5, 0.25, 0.125])
    with pytest.raises(ValueError):
        pos.frequencies(5)


def test_sinusoidal_table():
    table = pos.sinusoidal(3, 4)
    assert table.shape == (3, 4)
    np.testing.assert_allclose(table[0], [0.0, 1.0, 0.0, 1.0])
    np.testing.assert_allclose(table[1], [np.sin(1), np.cos(1), np.sin(0.01), np.cos(0.01)])
    np.testing.assert_allclose(table[2, 0], np.sin(2))


def test_rope_rotates_interleaved_pairs():
    x = np.array([[1.0, 0.0, 1.0, 0.0]])
    out = pos.rope(x, np.array([1]))
    np.testing.assert_allclose(out, [[np.cos(1), np.sin(1), np.cos(0.01), np.sin(0.01)]])
    y = np.array([[0.0, 2.0, 0.0, 0.0]])
    np.testing.assert_allclose(pos.rope(y, np.array([1])), [[-2 * np.sin(1), 2 * np.cos(1), 0.0, 0.0]])


def test_position_zero_is_identity_and_norms_are_kept():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 8))
    np.testing.assert_allclose(pos.rope(x, np.zeros(5, dtype=int)), x)
    rotated = pos.rope(x, np.array([0, 3, 17, 100, 4096]))
    np.testing.assert_allclose(np.linalg.norm(rotated, axis=1), np.linalg.norm(x, axis=1))


def test_scores_depend_only_on_relative_distance():
    rng = np.random.default_rng(1)
    q, k = rng.normal(size=(1, 16)), rng.normal(size=(1, 16))

    def score(m, n):
        return float(pos.rope(q, np.array([m]))[0] @ pos.rope(k, np.array([n]))[0])

    assert score(5, 2) == pytest.approx(score(103, 100))
    assert score(0, 7) == pytest.approx(score(50, 57))
    assert score(5, 2) != pytest.approx(score(5, 3))


def test_input_is_not_modified():
    x = np.ones((2, 4))
    pos.rope(x, np.array([1, 2]))
    np.testing.assert_allclose(x, np.ones((2, 4)))
