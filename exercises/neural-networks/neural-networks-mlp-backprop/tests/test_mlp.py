import mlp
import numpy as np
import pytest


def test_uniform_logits_give_log_classes_and_mean_gradient():
    logits = np.zeros((2, 4))
    loss, d = mlp.softmax_cross_entropy(logits, np.array([1, 3]))
    assert loss == pytest.approx(np.log(4))
    expected = np.full((2, 4), 0.25 / 2)
    expected[0, 1] -= 0.5
    expected[1, 3] -= 0.5
    np.testing.assert_allclose(d, expected, atol=1e-12)


def test_softmax_is_stable_for_huge_logits():
    logits = np.array([[1000.0, 0.0], [1000.0, 0.0]])
    loss, d = mlp.softmax_cross_entropy(logits, np.array([0, 1]))
    assert np.isfinite(loss) and np.all(np.isfinite(d))
    assert loss == pytest.approx(500.0)  # mean of ~0 and 1000


def test_forward_applies_relu_between_layers():
    params = {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros(2), "W2": np.eye(2), "b2": np.array([0.5, 0.0])}
    logits, _ = mlp.forward(params, np.array([[2.0]]))
    np.testing.assert_allclose(logits, [[2.5, 0.0]])  # hidden [2, -2] -> [2, 0]


def _loss(params, X, y):
    logits, _ = mlp.forward(params, X)
    return mlp.softmax_cross_entropy(logits, y)[0]


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    params = mlp.init_params(3, 5, 4, seed=2)
    params["b1"] = rng.normal(0, 0.5, 5)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 4, 6)
    logits, cache = mlp.forward(params, X)
    grads = mlp.backward(params, cache, mlp.softmax_cross_entropy(logits, y)[1])
    eps = 1e-6
    for name, value in params.items():
        assert grads[name].shape == value.shape, name
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][idx] += eps
            minus[name][idx] -= eps
            numeric[idx] = (_loss(plus, X, y) - _loss(minus, X, y)) / (2 * eps)
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-4, atol=1e-7, err_msg=name)


def test_sgd_step_returns_new_params_without_mutating():
    params = {"w": np.array([1.0, 2.0])}
    new = mlp.sgd_step(params, {"w": np.array([0.5, -1.0])}, lr=0.1)
    np.testing.assert_allclose(new["w"], [0.95, 2.1])
    np.testing.assert_allclose(params["w"], [1.0, 2.0])


def test_can_overfit_one_small_batch():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 4)), np.array([0, 1, 2, 0, 1, 2, 0, 1])
    params = mlp.init_params(4, 32, 3, seed=0)
    for _ in range(300):
        logits, cache = mlp.forward(params, X)
        loss, d = mlp.softmax_cross_entropy(logits, y)
        params = mlp.sgd_step(params, mlp.backward(params, cache, d), lr=0.5)
    assert loss < 0.05
