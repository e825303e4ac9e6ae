import numpy as np
import pytest
from low_rank import low_rank, parameters_saved


def test_full_rank_is_exact():
    m = np.random.default_rng(0).normal(size=(4, 3))
    approx, energy = low_rank(m, 3)
    np.testing.assert_allclose(approx, m, atol=1e-10)
    assert energy == pytest.approx(1.0)


def test_rank_one_matrix_needs_one_direction():
    m = np.outer([1.0, 2.0, 3.0], [4.0, 5.0])
    approx, energy = low_rank(m, 1)
    np.testing.assert_allclose(approx, m, atol=1e-10)
    assert energy == pytest.approx(1.0)


def test_eckart_young_error_is_the_dropped_singular_values():
    m = np.diag([5.0, 3.0, 1.0])
    approx, energy = low_rank(m, 2)
    np.testing.assert_allclose(approx, np.diag([5.0, 3.0, 0.0]), atol=1e-10)
    assert energy == pytest.approx(34 / 35)
    assert np.linalg.norm(m - approx) ** 2 == pytest.approx(1.0)


def test_keeps_the_largest_not_the_first():
    m = np.diag([1.0, 4.0])
    approx, energy = low_rank(m, 1)
    np.testing.assert_allclose(approx, np.diag([0.0, 4.0]), atol=1e-10)
    assert energy == pytest.approx(16 / 17)


def test_zero_matrix():
    approx, energy = low_rank(np.zeros((2, 2)), 1)
    assert np.all(approx == 0) and energy == 1.0


@pytest.mark.parametrize("k", [0, 4, -1])
def test_k_out_of_range(k):
    with pytest.raises(ValueError):
        low_rank(np.ones((3, 5)), k)


def test_parameters_saved():
    assert parameters_saved(4096, 4096, 8) == 4096 * 4096 - 2 * 4096 * 8
    assert parameters_saved(2, 2, 2) == -4
