import numpy as np
import pytest
from basis import orthonormal_basis


def test_rows_are_orthonormal():
    rng = np.random.default_rng(0)
    q = orthonormal_basis(rng.normal(size=(4, 6)))
    assert q.shape == (4, 6)
    np.testing.assert_allclose(q @ q.T, np.eye(4), atol=1e-10)


def test_same_span_every_input_is_reconstructed():
    rng = np.random.default_rng(1)
    v = rng.normal(size=(3, 5))
    q = orthonormal_basis(v)
    np.testing.assert_allclose((v @ q.T) @ q, v, atol=1e-10)


def test_first_direction_is_kept():
    q = orthonormal_basis(np.array([[3.0, 4.0, 0.0], [1.0, 0.0, 0.0]]))
    np.testing.assert_allclose(q[0], [0.6, 0.8, 0.0])
    np.testing.assert_allclose(q[1], [0.8, -0.6, 0.0], atol=1e-12)


def test_dependent_and_zero_rows_are_skipped():
    v = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 0.0], [2.0, 2.0, 0.0], [0.0, 1.0, 0.0], [1.0, 3.0, 0.0]])
    q = orthonormal_basis(v)
    assert q.shape == (2, 3)
    np.testing.assert_allclose(q[0], np.array([1.0, 1.0, 0.0]) / np.sqrt(2))


@pytest.mark.parametrize("v", [np.zeros((2, 3)), np.zeros((0, 3))])
def test_nothing_independent_gives_an_empty_basis(v):
    q = orthonormal_basis(v)
    assert q.shape == (0, 3)
