"""One LSTM step in PyTorch's gate layout (input, forget, cell, output) and layer parameter counts."""

import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(
    x: np.ndarray, h: np.ndarray, c: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    z = W_ih @ x + W_hh @ h + b
    zi, zf, zg, zo = np.split(z, 4)
    i, f, g, o = _sigmoid(zi), _sigmoid(zf), np.tanh(zg), _sigmoid(zo)
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next


def lstm_forward(
    xs: np.ndarray, h0: np.ndarray, c0: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    h, c = h0, c0
    outputs = []
    for x in xs:
        h, c = lstm_step(x, h, c, W_ih, W_hh, b)
        outputs.append(h)
    states = np.stack(outputs) if outputs else np.zeros((0, h0.shape[0]))
    return states, (h, c)


def lstm_params(input_size: int, hidden_size: int) -> int:
    return 4 * hidden_size * (input_size + hidden_size) + 2 * 4 * hidden_size


def gru_params(input_size: int, hidden_size: int) -> int:
    return 3 * hidden_size * (input_size + hidden_size) + 2 * 3 * hidden_size
