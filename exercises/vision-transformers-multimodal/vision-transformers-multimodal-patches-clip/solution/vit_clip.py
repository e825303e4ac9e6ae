"""Vision-transformer patch tokens and CLIP-style zero-shot classification."""

import numpy as np


def num_patches(height: int, width: int, patch: int) -> int:
    """Number of non-overlapping patch tokens."""
    if patch < 1 or height % patch or width % patch:
        raise ValueError(f"{height}x{width} does not divide into {patch}x{patch} patches")
    return (height // patch) * (width // patch)


def sequence_length(height: int, width: int, patch: int) -> int:
    """Tokens fed to the encoder, including [CLS]."""
    return num_patches(height, width, patch) + 1


def patchify(image: np.ndarray, patch: int) -> np.ndarray:
    """(H, W, C) -> (N, patch*patch*C), patches in reading order."""
    h, w, c = image.shape
    n = num_patches(h, w, patch)
    grid = image.reshape(h // patch, patch, w // patch, patch, c).transpose(0, 2, 1, 3, 4)
    return grid.reshape(n, patch * patch * c)


def zero_shot(image_emb: np.ndarray, text_embs: np.ndarray, temperature: float = 0.01) -> np.ndarray:
    """Probability of each label (one row of text_embs per label)."""
    img = image_emb / np.linalg.norm(image_emb)
    txt = text_embs / np.linalg.norm(text_embs, axis=1, keepdims=True)
    logits = (txt @ img) / temperature
    e = np.exp(logits - logits.max())
    return e / e.sum()
