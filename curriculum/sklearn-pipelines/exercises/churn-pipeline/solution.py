"""A churn model that takes the raw table: one Pipeline, from DataFrame to prediction."""

from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def build_model() -> Pipeline:
    """Return a new, unfitted Pipeline that can be fitted on a raw churn DataFrame."""
    numeric = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    categorical = OneHotEncoder(handle_unknown="ignore")
    preprocess = ColumnTransformer([
        ("num", numeric, make_column_selector(dtype_include="number")),
        # "everything that is not a number": str, category, bool and object columns alike
        ("cat", categorical, make_column_selector(dtype_exclude="number")),
    ])
    return Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
