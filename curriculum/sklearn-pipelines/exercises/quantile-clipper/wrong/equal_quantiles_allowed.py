"""Bounds off by one: `lower <= upper` lets lower == upper through, which clips every value to one number."""

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data


class QuantileClipper(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    def __init__(self, lower=0.01, upper=0.99):
        self.lower = lower
        self.upper = upper

    def fit(self, X, y=None):
        if not 0.0 <= self.lower <= self.upper <= 1.0:
            raise ValueError(f"need 0 <= lower <= upper <= 1, got {self.lower}, {self.upper}")
        X = validate_data(self, X, dtype=np.float64)
        self.lower_bounds_ = np.quantile(X, self.lower, axis=0)
        self.upper_bounds_ = np.quantile(X, self.upper, axis=0)
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return np.clip(X, self.lower_bounds_, self.upper_bounds_)
