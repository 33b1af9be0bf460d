"""A hand-written fold loop that refits the scaler on each test fold (fit_transform) instead of reusing the training one."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def cv_accuracy(X: np.ndarray, y: np.ndarray, k: int = 10) -> np.ndarray:
    scores = []
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y):
        selector = SelectKBest(f_classif, k=k).fit(X[train], y[train])
        scaler = StandardScaler()
        X_train = scaler.fit_transform(selector.transform(X[train]))
        X_test = scaler.fit_transform(selector.transform(X[test]))  # learns the test fold's statistics
        model = LogisticRegression().fit(X_train, y[train])
        scores.append(model.score(X_test, y[test]))
    return np.array(scores)
