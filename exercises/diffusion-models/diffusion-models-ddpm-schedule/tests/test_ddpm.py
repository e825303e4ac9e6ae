import ddpm
import numpy as np
import pytest


def test_linear_schedule_endpoints():
    betas = ddpm.linear_betas()
    assert betas.shape == (1000,)
    assert betas[0] == pytest.approx(1e-4) and betas[-1] == pytest.approx(0.02)
    assert betas[1] - betas[0] == pytest.approx((0.02 - 1e-4) / 999)


def test_alpha_bar_falls_from_one_to_almost_zero():
    abar = ddpm.alpha_bars(ddpm.linear_betas())
    assert abar[0] == pytest.approx(0.9999)
    assert abar[1] == pytest.approx(0.9999 * (1 - (1e-4 + (0.02 - 1e-4) / 999)))
    assert abar[-1] == pytest.approx(4.0358e-5, rel=1e-3)
    assert np.all(np.diff(abar) < 0)


def test_q_sample_uses_square_roots():
    abar = np.array([0.64, 0.36])
    assert ddpm.q_sample(np.array(1.0), 0, np.array(0.0), abar) == pytest.approx(0.8)
    assert ddpm.q_sample(np.array(0.0), 1, np.array(1.0), abar) == pytest.approx(0.8)
    np.testing.assert_allclose(ddpm.q_sample(np.array([1.0, 2.0]), 1, np.array([1.0, -1.0]), abar), [1.4, 0.4])


def test_forward_process_keeps_unit_variance():
    rng = np.random.default_rng(0)
    abar = ddpm.alpha_bars(ddpm.linear_betas())
    x0, eps = rng.normal(size=100_000), rng.normal(size=100_000)
    assert np.var(ddpm.q_sample(x0, 500, eps, abar)) == pytest.approx(1.0, abs=0.02)


def test_predict_x0_inverts_q_sample():
    rng = np.random.default_rng(1)
    abar = ddpm.alpha_bars(ddpm.linear_betas())
    x0, eps = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    for t in (0, 250, 999):
        x_t = ddpm.q_sample(x0, t, eps, abar)
        np.testing.assert_allclose(ddpm.predict_x0(x_t, t, eps, abar), x0, atol=1e-6)


def test_classifier_free_guidance():
    u, c = np.array([0.1, -0.2]), np.array([0.3, 0.2])
    np.testing.assert_allclose(ddpm.guided_noise(u, c, 0.0), u)
    np.testing.assert_allclose(ddpm.guided_noise(u, c, 1.0), c)
    np.testing.assert_allclose(ddpm.guided_noise(u, c, 7.0), [1.5, 2.6])
