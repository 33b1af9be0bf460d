"""Softmax straight from the definition, without subtracting the maximum: exp(1000) overflows to inf."""

import numpy as np


def attention_scores(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    return np.einsum("...nd,...md->...nm", q, k) / np.sqrt(q.shape[-1])


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(np.asarray(x, dtype=float))
    return e / e.sum(axis=axis, keepdims=True)
