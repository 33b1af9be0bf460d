import numpy as np
import pytest
from fastapi.testclient import TestClient

import exercise

FEATURES = ("tenure_months", "monthly_spend", "support_tickets")
CONTRACT = {"churn_probability", "will_churn", "model_version"}
GOOD = {"tenure_months": 14, "monthly_spend": 82.5, "support_tickets": 3}
LOYAL = {"tenure_months": 60, "monthly_spend": 30.0, "support_tickets": 0}


class FakeModel:
    """Stands in for the churn model: records every call and answers a known logistic function."""

    version = "check-model-7"

    def __init__(self):
        self.calls = []

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        self.calls.append(X.copy())
        return 1.0 / (1.0 + np.exp(-(X @ np.array([-0.08, 0.01, 0.3]) - 0.5)))


def expected_probability(customer):
    return float(FakeModel().predict([[customer[name] for name in FEATURES]])[0])


@pytest.fixture
def model(monkeypatch):
    fake = FakeModel()
    monkeypatch.setattr(exercise, "load_model", lambda: fake)
    return fake


@pytest.fixture
def client(model):
    # As a context manager, so that the app's lifespan runs (and loads the fake model).
    with TestClient(exercise.app, raise_server_exceptions=False) as client:
        yield client


def post(client, body):
    response = client.post("/predict", json=body)
    try:
        data = response.json()
    except ValueError:
        data = response.text
    return response.status_code, data


def assert_rejected(client, model, body, field, why):
    status, data = post(client, body)
    assert status == 422, (
        f"{why}: POST /predict with {body} must be answered 422 by FastAPI's validation, "
        f"got {status} {data!r}. Put the rule in the Customer model (Field(ge=..., le=...), "
        "extra='forbid'), not in the endpoint"
    )
    locs = [tuple(error.get("loc", ())) for error in data.get("detail", [])] if isinstance(data, dict) else []
    assert any(loc and loc[-1] == field for loc in locs), (
        f"{why}: the 422's detail must list an error whose loc ends with {field!r} "
        f"(FastAPI's own validation error), got {data!r}"
    )
    assert not model.calls, f"{why}: the model was called for an invalid body {body}: validate before scoring"


def test_a_valid_customer_gets_a_prediction(client, model):
    for customer in (GOOD, LOYAL):
        status, data = post(client, customer)
        assert status == 200, f"POST /predict with {customer} must answer 200, got {status} {data!r}"
        assert isinstance(data, dict) and CONTRACT <= set(data), (
            f"the response must hold {sorted(CONTRACT)}, got {data!r}"
        )
        want = expected_probability(customer)
        assert data["churn_probability"] == pytest.approx(want), (
            f"{customer}: churn_probability must be the model's {want:.6f}, got {data['churn_probability']!r}"
        )
        assert data["will_churn"] is (want >= 0.5), (
            f"{customer}: will_churn must be churn_probability >= 0.5 as a JSON boolean "
            f"({want >= 0.5}), got {data['will_churn']!r}"
        )
        assert data["model_version"] == model.version, (
            f"model_version: expected the loaded model's {model.version!r}, got {data['model_version']!r}"
        )
    assert len(model.calls) == 2, f"two predictions must call the model twice, it was called {len(model.calls)} times"


def test_only_the_contract_is_sent(client):
    status, data = post(client, GOOD)
    assert status == 200 and isinstance(data, dict), f"expected 200 with a JSON object, got {status} {data!r}"
    extra = sorted(set(data) - CONTRACT)
    assert not extra, (
        f"the response leaks {extra}, which score() returns for the logs only. Declare the response "
        "model (a `-> Prediction` return annotation or response_model=Prediction) so that FastAPI "
        f"sends only its fields: {sorted(CONTRACT)}"
    )


def test_out_of_range_values_are_422(client, model):
    cases = [
        ("tenure_months", -1, "tenure_months below 0"),
        ("tenure_months", 601, "tenure_months above 600"),
        ("monthly_spend", -0.01, "monthly_spend below 0"),
        ("support_tickets", -1, "support_tickets below 0"),
    ]
    for field, value, why in cases:
        assert_rejected(client, model, {**GOOD, field: value}, field, why)


def test_wrong_types_are_422(client, model):
    cases = [
        ("tenure_months", "twelve", "tenure_months not a number"),
        ("tenure_months", 12.5, "tenure_months not an integer"),
        ("monthly_spend", "a lot", "monthly_spend not a number"),
        ("support_tickets", 1.5, "support_tickets not an integer"),
    ]
    for field, value, why in cases:
        assert_rejected(client, model, {**GOOD, field: value}, field, why)


def test_missing_fields_are_422(client, model):
    for field in FEATURES:
        body = {name: value for name, value in GOOD.items() if name != field}
        assert_rejected(client, model, body, field, f"{field} missing")


def test_unknown_keys_are_422(client, model):
    assert_rejected(client, model, {**GOOD, "region": "emea"}, "region", "an unknown key 'region'")


def test_the_boundaries_are_accepted(client):
    for field, value in [("tenure_months", 0), ("tenure_months", 600), ("monthly_spend", 0), ("support_tickets", 0)]:
        body = {**GOOD, field: value}
        status, data = post(client, body)
        assert status == 200, (
            f"{field} = {value} is allowed (the ranges are inclusive: a customer who joined this month "
            f"has tenure_months 0), but POST /predict with {body} answered {status} {data!r}"
        )
