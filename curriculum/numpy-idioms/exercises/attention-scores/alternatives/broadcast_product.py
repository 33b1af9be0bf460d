"""Scores as a broadcast product summed over d; softmax normalised with np.divide and keepdims."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    # (..., n, 1, d) * (..., 1, m, d) -> (..., n, m, d), summed over d: more memory than einsum, same result
    products = q[..., :, np.newaxis, :] * k[..., np.newaxis, :, :]
    return products.sum(axis=-1) / np.sqrt(q.shape[-1])


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.amax(x, axis=axis, keepdims=True))
    return np.divide(e, np.add.reduce(e, axis=axis, keepdims=True))
