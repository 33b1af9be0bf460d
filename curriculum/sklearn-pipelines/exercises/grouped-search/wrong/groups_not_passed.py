"""Gives GroupKFold to the search but never passes groups= to fit: GroupKFold has nothing to group by."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def tune(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> GridSearchCV:
    pipe = make_pipeline(StandardScaler(), SelectKBest(f_classif), LogisticRegression())
    param_grid = {"selectkbest__k": [3, 10], "logisticregression__C": [0.01, 1.0]}
    return GridSearchCV(pipe, param_grid, cv=GroupKFold(n_splits=4)).fit(X, y)
