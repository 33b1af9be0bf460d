import numpy as np
from sklearn.datasets import make_classification
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from exercise import cv_accuracy


def honest_scores(X, y, k):
    """The known-good computation: every statistic learned from the training fold only."""
    scores = []
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y):
        selector = SelectKBest(f_classif, k=k).fit(X[train], y[train])
        scaler = StandardScaler().fit(selector.transform(X[train]))
        model = LogisticRegression().fit(scaler.transform(selector.transform(X[train])), y[train])
        predicted = model.predict(scaler.transform(selector.transform(X[test])))
        scores.append(np.mean(predicted == y[test]))
    return np.array(scores)


def as_scores(result):
    assert result is not None, "cv_accuracy returned None; return the array of fold accuracies"
    scores = np.asarray(result, dtype=float)
    assert scores.shape == (5,), (
        f"expected one accuracy per fold, shape (5,), got shape {scores.shape}: {scores}"
    )
    return scores


def test_pure_noise_scores_at_chance_level():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 1000))  # no feature carries any signal
    y = rng.integers(0, 2, size=200)
    scores = as_scores(cv_accuracy(X, y, k=10))
    expected = honest_scores(X, y, k=10)
    assert scores.mean() < 0.62, (
        f"on pure noise the mean accuracy must be near 0.5, got {scores.mean():.3f} (an honest "
        f"computation gives {expected.mean():.3f}). The feature selection still sees the test "
        "folds: make it a step of the model that cross-validation refits in every fold."
    )
    np.testing.assert_allclose(
        scores, expected, atol=1e-12,
        err_msg=(
            "per-fold accuracies differ from the known-good computation: select, scale and fit on "
            "each training fold of StratifiedKFold(n_splits=5, shuffle=True, random_state=0), "
            "score with accuracy"
        ),
    )


def test_matches_the_honest_computation_on_informative_data():
    X, y = make_classification(
        n_samples=300, n_features=60, n_informative=6, n_redundant=0, random_state=1
    )
    for k in (3, 15):
        scores = as_scores(cv_accuracy(X, y, k=k))
        expected = honest_scores(X, y, k=k)
        np.testing.assert_allclose(
            scores, expected, atol=1e-12,
            err_msg=(
                f"with k={k}: per-fold accuracies differ from the known-good computation "
                "(SelectKBest(f_classif, k) -> StandardScaler -> LogisticRegression(), fitted on "
                "each training fold of StratifiedKFold(5, shuffle=True, random_state=0))"
            ),
        )


def test_does_not_modify_its_input():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(100, 30))
    y = (X[:, 0] + 0.5 * rng.normal(size=100) > 0).astype(int)
    X_before, y_before = X.copy(), y.copy()
    as_scores(cv_accuracy(X, y, k=5))
    assert np.array_equal(X, X_before) and np.array_equal(y, y_before), "cv_accuracy must not modify X or y"
