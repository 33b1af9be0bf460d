"""make_column_transformer for the numbers, with every other column going to remainder=OneHotEncoder."""

import numpy as np
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def build_model() -> Pipeline:
    preprocess = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         make_column_selector(dtype_include=np.number)),
        remainder=OneHotEncoder(handle_unknown="ignore"),
    )
    return make_pipeline(preprocess, LogisticRegression(max_iter=1000))
