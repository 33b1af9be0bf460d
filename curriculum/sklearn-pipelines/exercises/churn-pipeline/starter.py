"""A churn model that takes the raw table: one Pipeline, from DataFrame to prediction."""

from sklearn.compose import ColumnTransformer, make_column_selector  # noqa: F401
from sklearn.impute import SimpleImputer  # noqa: F401
from sklearn.linear_model import LogisticRegression  # noqa: F401
from sklearn.pipeline import Pipeline, make_pipeline  # noqa: F401
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: F401


def build_model() -> Pipeline:
    """Return a new, UNFITTED Pipeline that can be fitted on a raw churn DataFrame.

    - Numeric columns (any numeric dtype): fill missing values with the median
      learned in fit, then standardise (mean 0, std 1 on the training data).
    - Every other column (text, category): one-hot encode, one output column per
      category seen in fit; a category never seen in fit must not raise at
      predict time.
    - Select the columns by dtype (make_column_selector), not by name: the same
      function must work for tables with other column names.
    - End with LogisticRegression(max_iter=1000).
    """
    # TODO: a ColumnTransformer (numeric pipeline + one-hot encoder) followed by the model.
    raise NotImplementedError("build the pipeline")
