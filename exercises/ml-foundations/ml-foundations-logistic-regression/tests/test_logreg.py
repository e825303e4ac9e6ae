import math

import numpy as np
import pytest
from logreg import fit, loss_and_grad, predict, sigmoid


def test_sigmoid_values_and_stability():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = sigmoid(np.array([-1000.0, 0.0, 2.0, 1000.0]))
    np.testing.assert_allclose(out, [0.0, 0.5, 1 / (1 + math.exp(-2)), 1.0])


def test_loss_and_gradient_at_zero_weights():
    X = np.array([[1.0, 2.0], [3.0, -1.0]])
    y = np.array([1.0, 0.0])
    loss, grad_w, grad_b = loss_and_grad(np.zeros(2), 0.0, X, y)
    assert loss == pytest.approx(math.log(2))
    np.testing.assert_allclose(grad_w, [(-0.5 * 1 + 0.5 * 3) / 2, (-0.5 * 2 + 0.5 * -1) / 2])
    assert grad_b == pytest.approx(0.0)


def test_loss_is_finite_when_confidently_wrong():
    X = np.array([[1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, _, _ = loss_and_grad(np.array([1000.0]), 0.0, X, np.array([0.0]))
    assert loss == pytest.approx(1000.0)


def test_learns_a_separable_problem():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-2, 1, size=(50, 2)), rng.normal(2, 1, size=(50, 2))])
    y = np.array([0] * 50 + [1] * 50, dtype=float)
    w, b = fit(X, y, lr=0.5, steps=500)
    assert (predict(w, b, X) == y).mean() >= 0.97
    assert w[0] > 0 and w[1] > 0


def test_threshold():
    w, b = np.array([1.0]), 0.0
    X = np.array([[-0.1], [0.0], [0.5]])
    np.testing.assert_array_equal(predict(w, b, X), [0, 1, 1])
    np.testing.assert_array_equal(predict(w, b, X, threshold=0.6), [0, 0, 1])
