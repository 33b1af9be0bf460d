"""Shifts by the maximum of the whole array, not of each slice: a row far below it underflows to 0/0."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    return np.einsum("...nd,...md->...nm", q, k) / np.sqrt(q.shape[-1])


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    e = np.exp(x - x.max())
    return e / e.sum(axis=axis, keepdims=True)
