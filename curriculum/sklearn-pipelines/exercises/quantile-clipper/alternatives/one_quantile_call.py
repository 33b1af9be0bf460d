"""Both bounds from one np.quantile call, and np.minimum/np.maximum instead of np.clip."""

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data


class QuantileClipper(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    def __init__(self, lower=0.01, upper=0.99):
        self.lower = lower
        self.upper = upper

    def fit(self, X, y=None):
        if not (0 <= self.lower and self.lower < self.upper and self.upper <= 1):
            raise ValueError("QuantileClipper needs 0 <= lower < upper <= 1")
        X = validate_data(self, X, dtype="numeric", ensure_all_finite=True)
        self.lower_bounds_, self.upper_bounds_ = np.quantile(X, [self.lower, self.upper], axis=0)
        return self

    def transform(self, X):
        check_is_fitted(self, ["lower_bounds_", "upper_bounds_"])
        X = validate_data(self, X, dtype="numeric", reset=False)
        return np.minimum(np.maximum(X.astype(float), self.lower_bounds_), self.upper_bounds_)
