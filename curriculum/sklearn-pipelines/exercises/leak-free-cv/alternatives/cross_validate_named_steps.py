"""A Pipeline with named steps, evaluated with cross_validate and its "test_score"."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler


def cv_accuracy(X: np.ndarray, y: np.ndarray, k: int = 10) -> np.ndarray:
    model = Pipeline([
        ("select", SelectKBest(score_func=f_classif, k=k)),
        ("scale", StandardScaler()),
        ("model", LogisticRegression()),
    ])
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return cross_validate(model, X, y, cv=cv, scoring="accuracy")["test_score"]
