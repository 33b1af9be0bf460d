"""Scaled dot-product attention weights with einsum and a stable softmax."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Return q @ k^T / sqrt(d) over any leading batch axes.

    q has shape (..., n, d) and k has shape (..., m, d), with the same leading
    axes (for example (batch, n, d), or (batch, heads, n, d)). The result has
    shape (..., n, m): result[..., i, j] = q[..., i, :] . k[..., j, :] / sqrt(d).
    """
    # TODO: one einsum (or matmul) call, then scale.
    raise NotImplementedError("attention_scores is not written yet")


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Return the softmax of x along `axis`: exp(x) / sum(exp(x)) over that axis.

    Must not overflow for large values (softmax([1000, 1001]) is finite), and
    entries equal to -inf (masked) get probability 0.
    """
    # TODO: make it numerically stable.
    raise NotImplementedError("softmax is not written yet")
