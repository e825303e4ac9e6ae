import numpy as np
import pytest
from adam import Adam, minimise


def test_first_step_moves_by_about_lr_whatever_the_gradient_scale():
    adam = Adam(lr=0.01)
    new = adam.step(np.array([1.0, 1.0]), np.array([1000.0, -0.001]))
    np.testing.assert_allclose(new, [0.99, 1.01], rtol=1e-5)
    assert adam.t == 1


def test_two_steps_by_hand():
    adam = Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=0.0)
    x = adam.step(np.array([0.0]), np.array([1.0]))
    x = adam.step(x, np.array([3.0]))
    m = 0.9 * 0.1 + 0.1 * 3.0
    v = 0.999 * 0.001 + 0.001 * 9.0
    expected = -0.1 - 0.1 * (m / (1 - 0.81)) / np.sqrt(v / (1 - 0.999**2))
    assert x[0] == pytest.approx(expected)


def test_input_not_modified():
    params = np.array([1.0, 2.0])
    Adam().step(params, np.array([0.5, 0.5]))
    np.testing.assert_array_equal(params, [1.0, 2.0])


def test_minimises_a_badly_scaled_quadratic():
    scales = np.array([100.0, 0.01])
    x = minimise(lambda x: 2 * scales * (x - 3.0), np.array([0.0, 0.0]), steps=3000, lr=0.05)
    np.testing.assert_allclose(x, [3.0, 3.0], atol=0.05)


def test_shape_mismatch():
    adam = Adam()
    with pytest.raises(ValueError):
        adam.step(np.zeros(2), np.zeros(3))
    adam.step(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError):
        adam.step(np.zeros(3), np.ones(3))
