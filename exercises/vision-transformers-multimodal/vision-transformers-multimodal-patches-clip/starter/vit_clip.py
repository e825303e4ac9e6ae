"""Vision-transformer patch tokens and CLIP-style zero-shot classification."""

import numpy as np


def num_patches(height: int, width: int, patch: int) -> int:
    """Number of non-overlapping patch tokens."""
    # TODO
    raise NotImplementedError


def sequence_length(height: int, width: int, patch: int) -> int:
    """Tokens fed to the encoder, including [CLS]."""
    # TODO
    raise NotImplementedError


def patchify(image: np.ndarray, patch: int) -> np.ndarray:
    """(H, W, C) -> (N, patch*patch*C), patches in reading order."""
    # TODO
    raise NotImplementedError


def zero_shot(image_emb: np.ndarray, text_embs: np.ndarray, temperature: float = 0.01) -> np.ndarray:
    """Probability of each label (one row of text_embs per label)."""
    # TODO
    raise NotImplementedError
