"""DDPM forward process and classifier-free guidance."""

import numpy as np


def linear_betas(T: int = 1000, start: float = 1e-4, end: float = 0.02) -> np.ndarray:
    """Noise variances beta_0 .. beta_(T-1), linearly spaced."""
    return np.linspace(start, end, T)


def alpha_bars(betas: np.ndarray) -> np.ndarray:
    """Cumulative products of (1 - beta)."""
    return np.cumprod(1.0 - betas)


def q_sample(x0: np.ndarray, t: int, eps: np.ndarray, abar: np.ndarray) -> np.ndarray:
    """Noisy sample x_t in closed form."""
    return np.sqrt(abar[t]) * x0 + np.sqrt(1.0 - abar[t]) * eps


def predict_x0(x_t: np.ndarray, t: int, eps_hat: np.ndarray, abar: np.ndarray) -> np.ndarray:
    """Estimate of x0 from x_t and a predicted noise."""
    return (x_t - np.sqrt(1.0 - abar[t]) * eps_hat) / np.sqrt(abar[t])


def guided_noise(eps_uncond: np.ndarray, eps_cond: np.ndarray, w: float) -> np.ndarray:
    """Classifier-free guidance."""
    return eps_uncond + w * (eps_cond - eps_uncond)
