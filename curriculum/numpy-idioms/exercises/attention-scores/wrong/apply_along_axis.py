"""Softmax with np.apply_along_axis over a 1-D helper: a Python call for every slice."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    return np.einsum("...nd,...md->...nm", q, k) / np.sqrt(q.shape[-1])


def _softmax_1d(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.apply_along_axis(_softmax_1d, axis, np.asarray(x, dtype=float))
