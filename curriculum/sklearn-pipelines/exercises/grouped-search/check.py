from functools import lru_cache

import numpy as np
from sklearn.base import clone
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from exercise import tune

GRID = {(3, 0.01), (3, 1.0), (10, 0.01), (10, 1.0)}


def make_grouped(seed=0, n_groups=32, per_group=8, n_features=20):
    """Rows come in groups (think patients): each group has its own offset in every feature."""
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(n_groups), per_group)
    X = 1.5 * rng.normal(size=(n_groups, n_features))[groups] + rng.normal(size=(len(groups), n_features))
    logit = X[:, 0] - X[:, 1] + 0.5 * X[:, 2] + 1.5 * rng.normal(size=(n_groups,))[groups]
    y = (logit > 0).astype(int)
    return X, y, groups


def candidate(params):
    """(k, C) of one candidate, whatever the learner named the steps."""
    k = [v for name, v in params.items() if name.endswith("__k")]
    C = [v for name, v in params.items() if name.endswith("__C")]
    assert len(k) == 1 and len(C) == 1, (
        f"each candidate should set SelectKBest's k and LogisticRegression's C "
        f"(keys '<step>__k' and '<step>__C'), got {params}"
    )
    return int(k[0]), float(C[0])


def known_good_split_scores(X, y, groups, k, C):
    """Test accuracy on each GroupKFold(4) split, every step fitted on the training groups only."""
    model = make_pipeline(StandardScaler(), SelectKBest(f_classif, k=k), LogisticRegression(C=C))
    scores = []
    for train, test in GroupKFold(n_splits=4).split(X, y, groups):
        scores.append(clone(model).fit(X[train], y[train]).score(X[test], y[test]))
    return np.array(scores)


@lru_cache(maxsize=1)  # fit once, share between the tests (a failure is not cached)
def fitted_search():
    X, y, groups = make_grouped()
    try:
        search = tune(X, y, groups)
    except ValueError as error:
        if "groups" not in str(error):
            raise
        raise AssertionError(
            f"{error} GroupKFold takes the groups at split time: pass them to the search's fit, "
            "search.fit(X, y, groups=groups)."
        ) from error
    assert isinstance(search, GridSearchCV), (
        f"tune() must return the GridSearchCV object, got {type(search).__name__}"
    )
    assert hasattr(search, "cv_results_"), "the GridSearchCV must be fitted: call search.fit(...) in tune()"
    return search, X, y, groups


def test_searches_the_four_candidates_over_four_splits():
    search, *_ = fitted_search()
    assert isinstance(search.estimator, Pipeline), (
        f"search a Pipeline (scaler, selector, model), got {type(search.estimator).__name__}"
    )
    found = {candidate(p) for p in search.cv_results_["params"]}
    assert len(search.cv_results_["params"]) == 4 and found == GRID, (
        f"expected the 4 candidates k in [3, 10] x C in [0.01, 1.0], got {sorted(found)}"
    )
    assert search.n_splits_ == 4, f"expected GroupKFold(n_splits=4), the search used {search.n_splits_} splits"


def test_split_scores_match_group_k_fold():
    search, X, y, groups = fitted_search()
    results = search.cv_results_
    for i, params in enumerate(results["params"]):
        k, C = candidate(params)
        got = np.array([results[f"split{s}_test_score"][i] for s in range(search.n_splits_)])
        expected = known_good_split_scores(X, y, groups, k, C)
        if not (got.shape == expected.shape and np.allclose(got, expected, atol=1e-12)):
            raise AssertionError(
                f"k={k}, C={C}: split test scores {got.round(3)} differ from GroupKFold(n_splits=4) "
                f"with groups and every step refitted per split, which gives {expected.round(3)}. "
                "Check the splitter (cv=GroupKFold(n_splits=4), with groups=groups passed to fit) "
                "and that every step, the scaler included, is inside the searched pipeline."
            )


def test_best_estimator_is_the_refitted_winning_pipeline():
    search, *_ = fitted_search()
    means = search.cv_results_["mean_test_score"]
    best = candidate(search.cv_results_["params"][int(np.argmax(means))])
    assert candidate(search.best_params_) == best, (
        f"best_params_ {search.best_params_} is not the candidate with the highest mean test score {best}"
    )
    assert hasattr(search, "best_estimator_") and isinstance(search.best_estimator_, Pipeline), (
        "keep refit=True so that best_estimator_ is the winning pipeline refitted on all the data"
    )
    X_new, y_new, _ = make_grouped(seed=1)
    pred = search.predict(X_new)
    assert pred.shape == (len(X_new),), f"predict should give one label per row, got shape {pred.shape}"
    assert np.mean(pred == y_new) > 0.7, "the refitted best pipeline should beat 0.7 accuracy on new groups"
