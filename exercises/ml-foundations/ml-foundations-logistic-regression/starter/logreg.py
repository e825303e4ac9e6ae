"""Binary logistic regression trained by batch gradient descent."""

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    # TODO: stable for large |z|
    raise NotImplementedError


def loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray, float]:
    raise NotImplementedError


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.1, steps: int = 1000) -> tuple[np.ndarray, float]:
    raise NotImplementedError


def predict(w: np.ndarray, b: float, X: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    raise NotImplementedError
