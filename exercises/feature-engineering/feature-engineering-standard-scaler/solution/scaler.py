"""Standardise features with statistics learned from training data only."""

import numpy as np


def _checked(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("expected a 2-D array")
    if np.isnan(X).any():
        raise ValueError("input contains NaN; impute missing values first")
    return X


class StandardScaler:
    def __init__(self) -> None:
        self.mean_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None

    def fit(self, X: np.ndarray) -> "StandardScaler":
        X = _checked(X)
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std == 0, 1.0, std)
        return self

    def _fitted(self, X: np.ndarray) -> np.ndarray:
        if self.mean_ is None or self.scale_ is None:
            raise RuntimeError("call fit first")
        X = _checked(X)
        if X.shape[1] != self.mean_.shape[0]:
            raise ValueError(f"expected {self.mean_.shape[0]} columns, got {X.shape[1]}")
        return X

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = self._fitted(X)
        return (X - self.mean_) / self.scale_

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        Z = self._fitted(Z)
        return Z * self.scale_ + self.mean_
