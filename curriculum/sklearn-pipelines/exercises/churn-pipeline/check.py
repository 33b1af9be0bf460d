import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from exercise import build_model

PLANS = ["basic", "pro", "team"]
REGIONS = ["eu", "us", "apac"]


def make_churn(n, seed):
    """A raw churn table: ints, floats with gaps, text columns; and the churn label."""
    rng = np.random.default_rng(seed)
    tenure = rng.integers(1, 73, size=n)
    fee = rng.lognormal(np.log(55), 0.5, size=n).round(2)  # skewed: median < mean
    calls = rng.poisson(2.0, size=n)
    plan = rng.choice(PLANS, size=n, p=[0.5, 0.3, 0.2])
    region = rng.choice(REGIONS, size=n)
    plan_effect = pd.Series(plan).map({"basic": 1.2, "pro": -0.4, "team": -1.6}).to_numpy()
    logit = 0.5 - 0.06 * (tenure - 36) + 0.02 * (fee - 60) + 0.6 * (calls - 2) + plan_effect
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    fee[rng.random(n) < 0.15] = np.nan
    X = pd.DataFrame({
        "tenure": tenure,
        "monthly_fee": fee,
        "support_calls": calls,
        "plan": pd.Series(plan, dtype="str"),
        "region": pd.Series(region, dtype="str"),
    })
    return X, y


def dense(Z):
    Z = Z.toarray() if hasattr(Z, "toarray") else Z
    return np.asarray(Z, dtype=float)


def new_model():
    model = build_model()
    assert isinstance(model, Pipeline), (
        f"build_model() must return a sklearn Pipeline, got {type(model).__name__}"
    )
    return model


def columns_for(names, column):
    """Indexes of the output features made from `column` ('num__tenure' or 'tenure')."""
    return [i for i, name in enumerate(names) if name == column or name.endswith("__" + column)]


def one_hot_columns(names, column):
    """Indexes of the one-hot features of `column` ('cat__plan_pro' or 'plan_pro')."""
    return [i for i, name in enumerate(names) if name.split("__")[-1].startswith(column + "_")]


def test_returns_a_new_unfitted_pipeline_that_clones():
    model = new_model()
    try:
        check_is_fitted(model)
    except NotFittedError:
        pass
    else:
        raise AssertionError("build_model() must return an UNFITTED pipeline; do not call fit in it")
    copy = clone(model)  # what cross_validate and GridSearchCV do first
    assert isinstance(copy, Pipeline), f"clone(model) should be a Pipeline, got {type(copy).__name__}"
    final = model[-1]
    assert isinstance(final, LogisticRegression) and final.get_params()["max_iter"] == 1000, (
        f"the pipeline must end with LogisticRegression(max_iter=1000), got {final!r}"
    )

    X, y = make_churn(200, seed=1)
    first, second = build_model(), build_model()
    first.fit(X, y)
    try:
        check_is_fitted(second)
    except NotFittedError:
        pass
    else:
        raise AssertionError(
            "fitting one model from build_model() also fitted another one: build a new Pipeline "
            "on every call instead of returning a shared, module-level object"
        )


def test_fits_raw_table_and_predicts_unseen_categories():
    X_train, y_train = make_churn(600, seed=2)
    X_test, y_test = make_churn(300, seed=3)
    X_test.loc[:9, "plan"] = "enterprise"  # never seen in training
    X_test.loc[10:14, "region"] = "mars"
    X_test.loc[15:19, "region"] = np.nan
    model = new_model().fit(X_train, y_train)
    try:
        pred = model.predict(X_test)
        proba = model.predict_proba(X_test)
    except ValueError as error:
        raise AssertionError(
            f"predicting rows with a plan never seen in fit raised ValueError: {error}\n"
            "(look at OneHotEncoder's handle_unknown)"
        ) from error
    assert pred.shape == (300,), f"predict should return one label per row, shape (300,), got {pred.shape}"
    assert set(np.unique(pred)) <= {0, 1}, f"predictions should be 0/1 labels, got {np.unique(pred)}"
    assert proba.shape == (300, 2) and np.isfinite(proba).all(), (
        f"predict_proba should be finite with shape (300, 2), got shape {proba.shape}"
    )
    accuracy = float((pred == y_test).mean())
    assert accuracy >= 0.7, (
        f"held-out accuracy is {accuracy:.3f}; a scaled, one-hot encoded logistic regression "
        "reaches about 0.8 on this data. Is every column used?"
    )


def test_numeric_columns_are_imputed_with_the_median_and_standardised():
    X, y = make_churn(400, seed=4)
    model = new_model().fit(X, y)
    preprocess = model[:-1]
    names = list(preprocess.get_feature_names_out())
    Z = dense(preprocess.transform(X))
    assert Z.shape[0] == len(X), f"the preprocessing should keep the {len(X)} rows, got {Z.shape[0]}"
    assert np.isfinite(Z).all(), "the preprocessed training data still contains NaN or inf"
    for column in ["tenure", "monthly_fee", "support_calls"]:
        found = columns_for(names, column)
        assert len(found) == 1, (
            f"expected one output feature for the numeric column {column!r} in "
            f"get_feature_names_out(), found {[names[i] for i in found]} among {names}"
        )
        values = Z[:, found[0]]
        assert abs(values.mean()) < 1e-6 and abs(values.std() - 1) < 1e-6, (
            f"{column!r} should be standardised on the training data (mean 0, std 1), "
            f"got mean {values.mean():.4f} and std {values.std():.4f}"
        )
    # A missing fee becomes the training median, which then goes through the scaler.
    fee = X["monthly_fee"]
    missing_row = int(np.flatnonzero(fee.isna().to_numpy())[0])
    median_z = (fee.median() - fee.fillna(fee.median()).mean()) / fee.fillna(fee.median()).std(ddof=0)
    got = Z[missing_row, columns_for(names, "monthly_fee")[0]]
    assert abs(got - median_z) < 1e-6, (
        f"a missing monthly_fee should be filled with the training median ({fee.median():.2f}) "
        f"before scaling, which gives {median_z:.4f}; got {got:.4f}"
    )


def test_text_and_category_columns_are_one_hot_encoded():
    X, y = make_churn(400, seed=5)
    model = new_model().fit(X, y)
    preprocess = model[:-1]
    names = list(preprocess.get_feature_names_out())
    Z = dense(preprocess.transform(X))
    for column, categories in [("plan", PLANS), ("region", REGIONS)]:
        found = one_hot_columns(names, column)
        assert len(found) == len(categories), (
            f"expected one one-hot feature per {column!r} category {categories}, "
            f"found {[names[i] for i in found]} among {names}"
        )
        block = Z[:, found]
        assert set(np.unique(block)) <= {0.0, 1.0} and (block.sum(axis=1) == 1).all(), (
            f"each training row should have exactly one 1 among the {column!r} columns"
        )
    new = X.iloc[:3].copy()
    new["plan"] = "enterprise"
    block = dense(preprocess.transform(new))[:, one_hot_columns(names, "plan")]
    assert (block == 0).all(), f"an unseen plan should be encoded as all zeros, got\n{block}"


def test_selects_columns_by_dtype_not_by_name():
    rng = np.random.default_rng(6)
    n = 300
    X = pd.DataFrame({
        "age": rng.integers(18, 80, size=n),
        "balance": rng.normal(1000, 300, size=n),
        "segment": pd.Categorical(rng.choice(["a", "b", "c", "d"], size=n)),
        "channel": pd.Series(rng.choice(["web", "shop"], size=n), dtype="str"),
    })
    X.loc[::10, "balance"] = np.nan
    y = ((X["age"] > 45) ^ (X["segment"] == "a")).astype(int).to_numpy()
    model = new_model()
    try:
        model.fit(X, y)
    except Exception as error:
        raise AssertionError(
            f"build_model() could not be fitted on a table with other column names "
            f"(age, balance, segment, channel): {type(error).__name__}: {error}"
        ) from error
    names = list(model[:-1].get_feature_names_out())
    expected = {"age": 1, "balance": 1}
    for column, count in expected.items():
        assert len(columns_for(names, column)) == count, (
            f"the numeric column {column!r} should give one feature, got {names}"
        )
    assert len(one_hot_columns(names, "segment")) == 4, (
        f"the category-dtype column 'segment' (4 categories) should be one-hot encoded, got {names}"
    )
    assert len(one_hot_columns(names, "channel")) == 2, (
        f"the text column 'channel' (2 categories) should be one-hot encoded, got {names}"
    )
    assert len(names) == 8, f"expected 2 numeric + 4 + 2 one-hot features, got {len(names)}: {names}"
