"""The std written out as sqrt(mean((x - mean)^2)), and a constant column masked by multiplying by 0."""

import numpy as np


def standardize_columns(X: np.ndarray) -> np.ndarray:
    X = np.array(X, dtype=float)  # np.array copies: X itself is never touched
    centered = X - X.mean(axis=0)
    std = np.sqrt((centered**2).mean(axis=0))
    varying = (X != X[0]).any(axis=0)  # any value differs from the first row's
    return centered / np.where(varying, std, 1.0) * varying
