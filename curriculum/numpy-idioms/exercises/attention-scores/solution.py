"""Scaled dot-product attention weights with einsum and a stable softmax."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Return q @ k^T / sqrt(d) over any leading batch axes: (..., n, d), (..., m, d) -> (..., n, m)."""
    d = q.shape[-1]
    return np.einsum("...nd,...md->...nm", q, k) / np.sqrt(d)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along `axis`, shifted by the maximum so that exp never overflows."""
    x = np.asarray(x, dtype=float)
    z = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
