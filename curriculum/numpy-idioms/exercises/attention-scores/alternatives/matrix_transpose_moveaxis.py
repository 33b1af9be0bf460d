"""`k.mT` (NumPy 2's matrix transpose); softmax computed on the last axis after np.moveaxis."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    return (q / np.sqrt(q.shape[-1])) @ k.mT


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    z = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    z = z - z.max(axis=-1)[..., None]
    e = np.exp(z)
    return np.moveaxis(e / e.sum(axis=-1)[..., None], -1, axis)
