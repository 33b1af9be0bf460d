"""Cross-validates with cv=4 (a row-level StratifiedKFold): a group's rows land on both sides of a split."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def tune(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> GridSearchCV:
    pipe = make_pipeline(StandardScaler(), SelectKBest(f_classif), LogisticRegression())
    param_grid = {"selectkbest__k": [3, 10], "logisticregression__C": [0.01, 1.0]}
    return GridSearchCV(pipe, param_grid, cv=4).fit(X, y, groups=groups)
