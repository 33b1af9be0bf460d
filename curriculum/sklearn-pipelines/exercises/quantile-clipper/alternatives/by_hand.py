"""Without validate_data or the mixin: check_array, the column checks and get_feature_names_out written by hand."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import NotFittedError
from sklearn.utils import check_array


def _column_names(X):
    columns = getattr(X, "columns", None)
    if columns is None or not all(isinstance(c, str) for c in columns):
        return None
    return np.asarray(columns, dtype=object)


class QuantileClipper(TransformerMixin, BaseEstimator):
    def __init__(self, lower=0.01, upper=0.99):
        self.lower = lower
        self.upper = upper

    def fit(self, X, y=None):
        if not 0.0 <= self.lower < self.upper <= 1.0:
            raise ValueError(f"need 0 <= lower < upper <= 1, got lower={self.lower}, upper={self.upper}")
        names = _column_names(X)
        X = check_array(X, dtype=np.float64)
        if names is not None:
            self.feature_names_in_ = names
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.n_features_in_ = X.shape[1]
        self.lower_bounds_ = np.percentile(X, 100 * self.lower, axis=0)
        self.upper_bounds_ = np.percentile(X, 100 * self.upper, axis=0)
        return self

    def transform(self, X):
        if not hasattr(self, "lower_bounds_"):
            raise NotFittedError("QuantileClipper is not fitted yet: call fit first")
        names = _column_names(X)
        fitted_names = getattr(self, "feature_names_in_", None)
        if names is not None and fitted_names is not None and list(names) != list(fitted_names):
            raise ValueError(f"columns {list(names)} differ from those seen in fit: {list(fitted_names)}")
        X = check_array(X, dtype=np.float64, copy=True)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} columns, but QuantileClipper was fitted on {self.n_features_in_}")
        return np.clip(X, self.lower_bounds_, self.upper_bounds_)

    def get_feature_names_out(self, input_features=None):
        if input_features is not None:
            return np.asarray(input_features, dtype=object)
        if getattr(self, "feature_names_in_", None) is not None:
            return self.feature_names_in_.copy()
        return np.asarray([f"x{i}" for i in range(self.n_features_in_)], dtype=object)
