"""Loops over the leading (batch) axes in Python, one matrix product per slice."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    lead = q.shape[:-2]
    q2 = q.reshape(-1, *q.shape[-2:])
    k2 = k.reshape(-1, *k.shape[-2:])
    out = np.stack([a @ b.T for a, b in zip(q2, k2)]) / np.sqrt(q.shape[-1])
    return out.reshape(*lead, q.shape[-2], k.shape[-2])


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
