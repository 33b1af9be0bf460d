"""Named steps, and the GroupKFold splits computed up front and passed to cv= as a list."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler


def tune(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> GridSearchCV:
    pipe = Pipeline([
        ("scale", StandardScaler()),
        ("select", SelectKBest(score_func=f_classif)),
        ("model", LogisticRegression()),
    ])
    splits = list(GroupKFold(n_splits=4).split(X, y, groups))  # each group on one side of each split
    search = GridSearchCV(pipe, {"select__k": [3, 10], "model__C": [0.01, 1.0]}, cv=splits)
    search.fit(X, y)
    return search
