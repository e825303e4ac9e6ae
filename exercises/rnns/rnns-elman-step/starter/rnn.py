"""A plain (Elman) recurrent network step and global-norm gradient clipping."""

import numpy as np


def rnn_step(x: np.ndarray, h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One step: tanh(Wx @ x + Wh @ h + b)."""
    # TODO
    raise NotImplementedError


def rnn_forward(
    xs: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """All hidden states (T, H) and the last state."""
    # TODO
    raise NotImplementedError


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scale all gradients together so their global L2 norm is at most max_norm; return (clipped, norm_before)."""
    # TODO
    raise NotImplementedError
