"""A stateful transformer: clip each column to quantiles learned from the training data."""

import numpy as np  # noqa: F401
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin  # noqa: F401
from sklearn.utils.validation import check_is_fitted, validate_data  # noqa: F401


class QuantileClipper(TransformerMixin, BaseEstimator):
    """Clip every column to [its `lower` quantile, its `upper` quantile] in the training data.

    - __init__(lower=0.01, upper=0.99) stores its arguments unchanged, and nothing else.
    - fit(X, y=None) checks 0 <= lower < upper <= 1 (ValueError otherwise), learns
      `lower_bounds_` and `upper_bounds_` (one value per column, np.quantile),
      sets `n_features_in_` (and `feature_names_in_` for a DataFrame) and returns self.
    - transform(X) raises NotFittedError before fit and ValueError for a different
      number of columns; it clips with the bounds learned in fit and returns floats.
    - get_feature_names_out() returns the input column names (x0, x1, ... for arrays),
      so that set_output(transform="pandas") works.
    """

    def __init__(self, lower=0.01, upper=0.99):
        # TODO: store the parameters exactly as given.
        raise NotImplementedError("write __init__")

    def fit(self, X, y=None):
        # TODO: validate the quantiles, learn the bounds, return self.
        raise NotImplementedError("write fit")

    def transform(self, X):
        # TODO: clip with the fitted bounds.
        raise NotImplementedError("write transform")
