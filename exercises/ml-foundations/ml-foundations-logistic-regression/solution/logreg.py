"""Binary logistic regression trained by batch gradient descent."""

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray, float]:
    z = X @ w + b
    loss = float(np.mean(np.logaddexp(0, z) - y * z))
    error = sigmoid(z) - y
    return loss, X.T @ error / len(y), float(np.mean(error))


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.1, steps: int = 1000) -> tuple[np.ndarray, float]:
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        _, grad_w, grad_b = loss_and_grad(w, b, X, y)
        w, b = w - lr * grad_w, b - lr * grad_b
    return w, b


def predict(w: np.ndarray, b: float, X: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    return (sigmoid(X @ w + b) >= threshold).astype(int)
