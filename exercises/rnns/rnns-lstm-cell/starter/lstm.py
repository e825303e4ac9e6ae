"""One LSTM step in PyTorch's gate layout (input, forget, cell, output) and layer parameter counts."""

import numpy as np


def lstm_step(
    x: np.ndarray, h: np.ndarray, c: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    # TODO
    raise NotImplementedError


def lstm_forward(
    xs: np.ndarray, h0: np.ndarray, c0: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    # TODO
    raise NotImplementedError


def lstm_params(input_size: int, hidden_size: int) -> int:
    # TODO
    raise NotImplementedError


def gru_params(input_size: int, hidden_size: int) -> int:
    # TODO
    raise NotImplementedError
