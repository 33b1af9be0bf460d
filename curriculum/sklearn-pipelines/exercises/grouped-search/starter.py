"""Tune a pipeline with GridSearchCV, keeping each group's rows on one side of every split."""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif  # noqa: F401
from sklearn.linear_model import LogisticRegression  # noqa: F401
from sklearn.model_selection import GridSearchCV, GroupKFold  # noqa: F401
from sklearn.pipeline import make_pipeline  # noqa: F401
from sklearn.preprocessing import StandardScaler  # noqa: F401


def tune(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> GridSearchCV:
    """Return a GridSearchCV, already FITTED on X, y, that searches:

    - the pipeline StandardScaler -> SelectKBest(f_classif) -> LogisticRegression();
    - k of SelectKBest in [3, 10] and C of LogisticRegression in [0.01, 1.0]
      (4 candidates);
    - with GroupKFold(n_splits=4) over `groups` (every group's rows on the same
      side of each split); default scoring (accuracy) and refit.
    """
    # TODO: build the pipeline, a param_grid with `step__param` keys, and fit the search.
    raise NotImplementedError("tune the pipeline")
