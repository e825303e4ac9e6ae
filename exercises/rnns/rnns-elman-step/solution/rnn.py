"""A plain (Elman) recurrent network step and global-norm gradient clipping."""

import numpy as np


def rnn_step(x: np.ndarray, h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One step: tanh(Wx @ x + Wh @ h + b)."""
    return np.tanh(Wx @ x + Wh @ h + b)


def rnn_forward(
    xs: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """All hidden states (T, H) and the last state."""
    h = h0
    states = []
    for x in xs:
        h = rnn_step(x, h, Wx, Wh, b)
        states.append(h)
    if not states:
        return np.zeros((0, h0.shape[0])), h0
    return np.stack(states), h


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scale all gradients together so their global L2 norm is at most max_norm; return (clipped, norm_before)."""
    total = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))
    if total > max_norm:
        scale = max_norm / total
        return [g * scale for g in grads], total
    return [g.copy() for g in grads], total
