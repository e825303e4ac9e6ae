"""LoRA adapters: parameter counts, merging, the adapted forward pass and SFT label masking."""

import numpy as np

IGNORE_INDEX = -100


def lora_params(d: int, k: int, r: int) -> int:
    """Trainable parameters of one LoRA adapter on a d x k weight."""
    return r * (d + k)


def total_lora_params(shapes: list[tuple[int, int]], r: int) -> int:
    """Sum over several adapted matrices."""
    return sum(lora_params(d, k, r) for d, k in shapes)


def _check(W: np.ndarray, A: np.ndarray, B: np.ndarray) -> None:
    d, k = W.shape
    r = A.shape[0]
    if A.shape != (r, k) or B.shape != (d, r):
        raise ValueError(f"expected A (r, {k}) and B ({d}, r), got {A.shape} and {B.shape}")


def merge(W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """W + (alpha / r) * B @ A."""
    _check(W, A, B)
    return W + (alpha / A.shape[0]) * (B @ A)


def lora_forward(x: np.ndarray, W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """Adapted layer output for x of shape (n, k), without merging."""
    _check(W, A, B)
    return x @ W.T + (alpha / A.shape[0]) * ((x @ A.T) @ B.T)


def response_labels(input_ids: list[int], prompt_len: int) -> list[int]:
    """Copy of input_ids with the prompt masked as -100."""
    return [IGNORE_INDEX if i < prompt_len else tok for i, tok in enumerate(input_ids)]


def finetune_bytes(n_params: float, n_trainable: float, base_bytes: float) -> float:
    """Frozen weights plus 16 bytes per trainable parameter."""
    return n_params * base_bytes + 16 * n_trainable
