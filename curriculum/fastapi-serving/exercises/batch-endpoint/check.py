import numpy as np
import pytest
from fastapi.testclient import TestClient

import exercise

FEATURES = ("tenure_months", "monthly_spend", "support_tickets")
WEIGHTS, BIAS = np.array([-0.08, 0.01, 0.3]), -0.5


class FakeModel:
    """Stands in for the churn model: records every call and answers a known logistic function."""

    version = "check-model-7"

    def __init__(self):
        self.calls = []

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        self.calls.append(X.copy())
        return 1.0 / (1.0 + np.exp(-(X @ WEIGHTS + BIAS)))


def customers(n, seed=0):
    """n distinct customers, with probabilities on both sides of 0.5."""
    rng = np.random.default_rng(seed)
    return [
        {
            "tenure_months": int(rng.integers(0, 73)),
            "monthly_spend": round(float(rng.uniform(0, 150)), 2),
            "support_tickets": int(rng.integers(0, 7)),
        }
        for _ in range(n)
    ]


def matrix(rows):
    return np.array([[row[name] for name in FEATURES] for row in rows], dtype=float)


@pytest.fixture
def model(monkeypatch):
    fake = FakeModel()
    monkeypatch.setattr(exercise, "load_model", lambda: fake)
    return fake


@pytest.fixture
def client(model):
    with TestClient(exercise.app, raise_server_exceptions=False) as client:
        yield client


def post(client, rows):
    response = client.post("/predict/batch", json={"customers": rows})
    try:
        data = response.json()
    except ValueError:
        data = response.text
    return response.status_code, data


def test_a_batch_is_one_model_call(client, model):
    rows = customers(10)
    status, data = post(client, rows)
    assert status == 200, f"POST /predict/batch with 10 customers must answer 200, got {status} {data!r}"
    assert len(model.calls) == 1, (
        f"a batch of 10 customers called model.predict {len(model.calls)} times: build one (n, 3) array "
        "for the whole batch and call the model once"
    )
    X = model.calls[0]
    assert X.shape == (10, 3), f"model.predict must receive an array of shape (10, 3), got shape {X.shape}"
    assert np.allclose(X, matrix(rows)), (
        f"the array's columns must be the features in FEATURES order {FEATURES}, one row per customer "
        f"in the order sent; the first row was {X[0].tolist()}, expected {matrix(rows)[0].tolist()}"
    )


def test_predictions_come_back_in_order(client, model):
    rows = customers(12, seed=1)
    status, data = post(client, rows)
    assert status == 200, f"POST /predict/batch must answer 200, got {status} {data!r}"
    assert isinstance(data, dict) and data.get("model_version") == model.version, (
        f"the response must hold the model's model_version {model.version!r}, got {data!r}"
    )
    predictions = data.get("predictions")
    assert isinstance(predictions, list) and len(predictions) == len(rows), (
        f"expected a list of {len(rows)} predictions under 'predictions', got {predictions!r}"
    )
    want = FakeModel().predict(matrix(rows))
    for i, (p, w) in enumerate(zip(predictions, want)):
        assert isinstance(p, dict) and set(p) == {"churn_probability", "will_churn"}, (
            f"prediction {i} must be exactly {{'churn_probability', 'will_churn'}}, got {p!r}"
        )
        assert p["churn_probability"] == pytest.approx(w), (
            f"prediction {i}: churn_probability {p['churn_probability']!r}, expected {w:.6f}: the i-th "
            "prediction belongs to the i-th customer sent"
        )
        assert p["will_churn"] is bool(w >= 0.5), (
            f"prediction {i}: will_churn must be churn_probability >= 0.5 ({bool(w >= 0.5)}), got {p['will_churn']!r}"
        )


def test_a_full_batch_is_accepted(client, model):
    for n in (1, exercise.MAX_BATCH):
        model.calls.clear()
        status, data = post(client, customers(n, seed=n))
        assert status == 200, (
            f"a batch of {n} customers is allowed (1 to MAX_BATCH = {exercise.MAX_BATCH}, both included), "
            f"got {status} {str(data)[:300]}"
        )
        assert len(data["predictions"]) == n and len(model.calls) == 1, (
            f"a batch of {n}: expected {n} predictions from one model call, got "
            f"{len(data['predictions'])} predictions from {len(model.calls)} calls"
        )


def test_too_many_customers_is_422(client, model):
    for n in (exercise.MAX_BATCH + 1, 500):
        status, data = post(client, customers(n, seed=n))
        assert status == 422, (
            f"a batch of {n} customers (more than MAX_BATCH = {exercise.MAX_BATCH}) must be answered 422, "
            f"got {status} {str(data)[:300]}"
        )
    assert not model.calls, (
        f"the model was called for a batch over the limit (shapes {[X.shape for X in model.calls]}): "
        "the limit protects the model, so reject the batch before it runs"
    )


def test_an_empty_batch_is_422(client, model):
    status, data = post(client, [])
    assert status == 422, f"an empty batch (\"customers\": []) must be answered 422, got {status} {data!r}"
    assert not model.calls, "the model was called for an empty batch: reject it before the model runs"


def test_an_invalid_customer_is_located(client, model):
    rows = customers(5, seed=2)
    rows[3] = {**rows[3], "tenure_months": -2}
    status, data = post(client, rows)
    assert status == 422, f"a batch whose customer 3 has tenure_months -2 must be answered 422, got {status} {data!r}"
    locs = [tuple(error.get("loc", ())) for error in data.get("detail", [])] if isinstance(data, dict) else []
    assert any(3 in loc and loc[-1] == "tenure_months" for loc in locs), (
        "the 422's detail must locate the bad customer: a loc with its index (3) and the field "
        f"('tenure_months'), as FastAPI's validation of list[Customer] gives; got {data!r}"
    )
    assert not model.calls, "the model was called for a batch with an invalid customer"
