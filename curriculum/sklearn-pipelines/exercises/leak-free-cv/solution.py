"""Cross-validate feature selection + scaling + logistic regression, without leaking."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def cv_accuracy(X: np.ndarray, y: np.ndarray, k: int = 10) -> np.ndarray:
    """Return the 5 per-fold test accuracies of SelectKBest -> StandardScaler ->
    LogisticRegression, every step refitted on the training part of each fold."""
    model = make_pipeline(SelectKBest(f_classif, k=k), StandardScaler(), LogisticRegression())
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return cross_val_score(model, X, y, cv=cv)  # scoring defaults to the classifier's accuracy
