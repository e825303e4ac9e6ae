import numpy as np
import pytest
from gradcheck import gradient_ok, numerical_gradient, relative_error


def test_quadratic_gradient():
    a = np.array([[3.0, 1.0], [1.0, 2.0]])

    def f(x):
        return float(x @ a @ x)

    x = np.array([1.0, -2.0])
    np.testing.assert_allclose(numerical_gradient(f, x), 2 * a @ x, rtol=1e-6)


def test_central_differences_are_accurate():
    x = np.array([0.7])
    error = abs(numerical_gradient(lambda v: float(np.sin(v[0])), x)[0] - np.cos(0.7))
    assert error < 1e-8  # a forward difference is off by ~3e-7 here


def test_any_shape_and_x_left_unchanged():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    grad = numerical_gradient(lambda m: float((m**2).sum()), x)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 2 * before, atol=1e-6)
    np.testing.assert_array_equal(x, before)


def test_x_restored_even_when_f_raises():
    x = np.array([1.0, 2.0])

    def f(v):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_relative_error():
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert relative_error(np.array([3.0, 4.0]), np.array([0.0, 0.0])) == pytest.approx(1.0)
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0


def test_gradient_check_catches_a_wrong_gradient():
    def f(x):
        return float(np.sum(np.tanh(x)))

    def right(x):
        return 1 - np.tanh(x) ** 2

    def wrong(x):
        return 1 - np.tanh(x)  # a typical slip

    x = np.array([0.3, -1.2, 2.0])
    assert gradient_ok(f, right, x)
    assert not gradient_ok(f, wrong, x)
