"""LoRA adapters: parameter counts, merging, the adapted forward pass and SFT label masking."""

import numpy as np


def lora_params(d: int, k: int, r: int) -> int:
    """Trainable parameters of one LoRA adapter on a d x k weight."""
    # TODO
    raise NotImplementedError


def total_lora_params(shapes: list[tuple[int, int]], r: int) -> int:
    """Sum over several adapted matrices."""
    # TODO
    raise NotImplementedError


def merge(W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """W + (alpha / r) * B @ A."""
    # TODO
    raise NotImplementedError


def lora_forward(x: np.ndarray, W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """Adapted layer output for x of shape (n, k), without merging."""
    # TODO
    raise NotImplementedError


def response_labels(input_ids: list[int], prompt_len: int) -> list[int]:
    """Copy of input_ids with the prompt masked as -100."""
    # TODO
    raise NotImplementedError


def finetune_bytes(n_params: float, n_trainable: float, base_bytes: float) -> float:
    """Frozen weights plus 16 bytes per trainable parameter."""
    # TODO
    raise NotImplementedError
