"""Tune a pipeline with GridSearchCV, keeping each group's rows on one side of every split."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def tune(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> GridSearchCV:
    """Return a fitted GridSearchCV over k and C, cross-validated by group."""
    pipe = make_pipeline(StandardScaler(), SelectKBest(f_classif), LogisticRegression())
    param_grid = {
        "selectkbest__k": [3, 10],      # make_pipeline names steps after their classes
        "logisticregression__C": [0.01, 1.0],
    }
    search = GridSearchCV(pipe, param_grid, cv=GroupKFold(n_splits=4))
    return search.fit(X, y, groups=groups)  # the groups go to fit, not to GroupKFold()
