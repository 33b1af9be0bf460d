"""Batched matmul against k with its last two axes swapped; softmax via a stable log-sum-exp."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    return np.matmul(q, np.swapaxes(k, -1, -2)) / np.sqrt(q.shape[-1])


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    log_norm = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return np.exp(x - log_norm)
