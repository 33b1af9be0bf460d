"""A stateful transformer: clip each column to quantiles learned from the training data."""

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data


class QuantileClipper(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Clip every column to [its `lower` quantile, its `upper` quantile] in the training data."""

    def __init__(self, lower=0.01, upper=0.99):
        # Only store: clone, get_params and set_params rely on it. Validation happens in fit.
        self.lower = lower
        self.upper = upper

    def fit(self, X, y=None):
        if not 0.0 <= self.lower < self.upper <= 1.0:
            raise ValueError(
                f"need 0 <= lower < upper <= 1, got lower={self.lower!r}, upper={self.upper!r}"
            )
        X = validate_data(self, X, dtype=np.float64)  # sets n_features_in_, feature_names_in_
        self.lower_bounds_ = np.quantile(X, self.lower, axis=0)
        self.upper_bounds_ = np.quantile(X, self.upper, axis=0)
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)  # same columns as in fit
        return np.clip(X, self.lower_bounds_, self.upper_bounds_)

    # get_feature_names_out comes from OneToOneFeatureMixin: one output column per input column.
