"""A list of two grids, one per k, each over both C values: the same 4 candidates; scoring spelled out."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def tune(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> GridSearchCV:
    pipe = make_pipeline(StandardScaler(), SelectKBest(f_classif), LogisticRegression())
    param_grid = [
        {"selectkbest__k": [10], "logisticregression__C": [0.01, 1.0]},
        {"selectkbest__k": [3], "logisticregression__C": [0.01, 1.0]},
    ]
    search = GridSearchCV(pipe, param_grid, scoring="accuracy", cv=GroupKFold(4), refit=True)
    return search.fit(X, y, groups=groups)
