"""DDPM forward process and classifier-free guidance."""

import numpy as np


def linear_betas(T: int = 1000, start: float = 1e-4, end: float = 0.02) -> np.ndarray:
    """Noise variances beta_0 .. beta_(T-1), linearly spaced."""
    # TODO
    raise NotImplementedError


def alpha_bars(betas: np.ndarray) -> np.ndarray:
    """Cumulative products of (1 - beta)."""
    # TODO
    raise NotImplementedError


def q_sample(x0: np.ndarray, t: int, eps: np.ndarray, abar: np.ndarray) -> np.ndarray:
    """Noisy sample x_t in closed form."""
    # TODO
    raise NotImplementedError


def predict_x0(x_t: np.ndarray, t: int, eps_hat: np.ndarray, abar: np.ndarray) -> np.ndarray:
    """Estimate of x0 from x_t and a predicted noise."""
    # TODO
    raise NotImplementedError


def guided_noise(eps_uncond: np.ndarray, eps_cond: np.ndarray, w: float) -> np.ndarray:
    """Classifier-free guidance."""
    # TODO
    raise NotImplementedError
