"""Builds the pipeline once at import and returns that same object: fitting one "new" model fits them all."""

from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

_MODEL = Pipeline([
    ("preprocess", ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         make_column_selector(dtype_include="number")),
        ("cat", OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_exclude="number")),
    ])),
    ("model", LogisticRegression(max_iter=1000)),
])


def build_model() -> Pipeline:
    return _MODEL
