import math

import numpy as np
import optim
import pytest


def test_sgd_momentum_accumulates_velocity():
    opt = optim.SGDMomentum(lr=0.1, momentum=0.9)
    p = {"w": np.array([0.0])}
    p = opt.step(p, {"w": np.array([1.0])})
    np.testing.assert_allclose(p["w"], [-0.1])
    p = opt.step(p, {"w": np.array([1.0])})
    np.testing.assert_allclose(p["w"], [-0.29])  # velocity 1.9


def test_first_adam_step_has_size_lr_whatever_the_gradient_scale():
    opt = optim.Adam(lr=0.01)
    new = opt.step({"w": np.array([1.0, 1.0, 1.0])}, {"w": np.array([1e-4, -3.0, 250.0])})
    np.testing.assert_allclose(new["w"], [0.99, 1.01, 0.99], atol=1e-6)


def test_adam_bias_correction_on_the_second_step():
    opt = optim.Adam(lr=0.1)
    p = opt.step({"w": np.array([0.0])}, {"w": np.array([1.0])})
    p = opt.step(p, {"w": np.array([-1.0])})
    # m = -0.01 -> m_hat = -0.01 / 0.19; v = 0.001999 -> v_hat = 1.0
    np.testing.assert_allclose(p["w"], [-0.1 + 0.1 * 0.01 / 0.19], atol=1e-7)


def test_step_does_not_modify_inputs_and_keeps_state_per_key():
    opt = optim.Adam(lr=0.1)
    params = {"a": np.array([1.0]), "b": np.array([1.0])}
    new = opt.step(params, {"a": np.array([1.0]), "b": np.array([0.0])})
    np.testing.assert_allclose(params["a"], [1.0])
    np.testing.assert_allclose(new["b"], [1.0])
    new = opt.step(new, {"a": np.array([1.0]), "b": np.array([1.0])})
    np.testing.assert_allclose(new["b"], [1.0 - 0.1 * (0.1 / 0.19) / (math.sqrt(0.001 / 0.001999) + 1e-8)], atol=1e-7)


def test_adamw_is_not_adam_with_l2():
    zero = {"w": np.array([0.0])}
    adamw = optim.Adam(lr=0.1, weight_decay=0.1, decoupled=True)
    np.testing.assert_allclose(adamw.step({"w": np.array([1.0])}, zero)["w"], [0.99])
    adam_l2 = optim.Adam(lr=0.1, weight_decay=0.1, decoupled=False)
    np.testing.assert_allclose(adam_l2.step({"w": np.array([1.0])}, zero)["w"], [0.9], atol=1e-6)


def test_warmup_then_cosine():
    assert optim.warmup_cosine(0, 1e-3, warmup=10, total=110) == pytest.approx(1e-4)
    assert optim.warmup_cosine(9, 1e-3, warmup=10, total=110) == pytest.approx(1e-3)
    assert optim.warmup_cosine(10, 1e-3, warmup=10, total=110) == pytest.approx(1e-3)
    assert optim.warmup_cosine(60, 1e-3, warmup=10, total=110) == pytest.approx(5e-4)
    assert optim.warmup_cosine(110, 1e-3, warmup=10, total=110, min_lr=1e-5) == pytest.approx(1e-5)
