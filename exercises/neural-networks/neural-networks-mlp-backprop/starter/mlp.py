"""A two-layer MLP with a hand-written backward pass."""

import numpy as np


def init_params(n_in: int, n_hidden: int, n_out: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Small random weights, zero biases (given, nothing to do here)."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params: dict[str, np.ndarray], X: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Return (logits of shape (N, n_out), cache for backward)."""
    # TODO: z1 = X @ W1 + b1, h = relu(z1), logits = h @ W2 + b2
    raise NotImplementedError


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of integer labels y (shape (N,)) and d(loss)/d(logits)."""
    # TODO: numerically stable softmax, mean loss, gradient (softmax - one_hot) / N
    raise NotImplementedError


def backward(params: dict[str, np.ndarray], cache: dict[str, np.ndarray], dlogits: np.ndarray) -> dict[str, np.ndarray]:
    """Gradients of the loss for W1, b1, W2, b2 (same shapes as params)."""
    # TODO: chain rule back through the output layer, the ReLU and the first layer
    raise NotImplementedError


def sgd_step(params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> dict[str, np.ndarray]:
    """Return new parameters p - lr * grad (do not modify params in place)."""
    # TODO
    raise NotImplementedError
