"""The fold loop written out: a fresh clone of the pipeline is fitted on each training part only."""

import numpy as np
from sklearn.base import clone
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def cv_accuracy(X: np.ndarray, y: np.ndarray, k: int = 10) -> np.ndarray:
    template = make_pipeline(SelectKBest(f_classif, k=k), StandardScaler(), LogisticRegression())
    splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return np.array([
        clone(template).fit(X[train], y[train]).score(X[test], y[test])
        for train, test in splitter.split(X, y)
    ])
