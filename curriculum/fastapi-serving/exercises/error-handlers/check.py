import numpy as np
import pytest
from fastapi.testclient import TestClient

import exercise

FEATURES = ("tenure_months", "monthly_spend", "support_tickets")
RANGES = {"tenure_months": (0, 72), "monthly_spend": (0.0, 500.0), "support_tickets": (0, 12)}
GOOD = {"tenure_months": 14, "monthly_spend": 82.5, "support_tickets": 3}


class FakeModel:
    """Stands in for the churn model: a known logistic function, OutOfRange outside RANGES, and
    any other exception on demand (`fail_with`)."""

    version = "check-model-7"

    def __init__(self):
        self.fail_with = None

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        if self.fail_with is not None:
            raise self.fail_with
        for column, name in enumerate(FEATURES):
            low, high = RANGES[name]
            outside = (X[:, column] < low) | (X[:, column] > high)
            if outside.any():
                raise exercise.OutOfRange(name, X[outside, column][0].item(), low, high)
        return 1.0 / (1.0 + np.exp(-(X @ np.array([-0.08, 0.01, 0.3]) - 0.5)))


@pytest.fixture
def model(monkeypatch):
    fake = FakeModel()
    monkeypatch.setattr(exercise, "load_model", lambda: fake)
    return fake


@pytest.fixture
def client(model):
    with TestClient(exercise.app, raise_server_exceptions=False) as client:
        yield client


def answer(response):
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


def assert_out_of_range_answer(status, data, feature, what):
    assert status == 422, (
        f"{what}: the model raised OutOfRange({feature!r}, ...), which must be answered 422, got {status} {data!r}"
        + (": a JSONResponse is a 200 unless you give it status_code" if status == 200 else "")
        + (": register a handler with @app.exception_handler(OutOfRange)" if status == 500 else "")
    )
    assert isinstance(data, dict) and data.get("feature") == feature, (
        f'{what}: the 422 body must be {{"detail": ..., "feature": {feature!r}}}, got {data!r}'
    )
    assert isinstance(data.get("detail"), str) and feature in data["detail"], (
        f"{what}: 'detail' must be a message that names the feature {feature!r}, got {data.get('detail')!r}"
    )


def test_a_prediction_in_range(client):
    status, data = answer(client.post("/predict", json=GOOD))
    assert status == 200, f"POST /predict with {GOOD} (in range) must answer 200, got {status} {data!r}"


def test_out_of_range_is_422_naming_the_feature(client):
    for feature, value in [("tenure_months", 100), ("monthly_spend", 900.0)]:
        body = {**GOOD, feature: value}
        status, data = answer(client.post("/predict", json=body))
        assert_out_of_range_answer(status, data, feature, f"POST /predict with {feature} = {value}")


def test_the_handler_covers_every_route(model):
    path = "/_check/added-later"

    def added_later():
        raise exercise.OutOfRange("support_tickets", 40, 0, 12)

    exercise.app.add_api_route(path, added_later, methods=["GET"])
    try:
        with TestClient(exercise.app, raise_server_exceptions=False) as client:
            status, data = answer(client.get(path))
    finally:
        exercise.app.router.routes[:] = [r for r in exercise.app.router.routes if getattr(r, "path", None) != path]
    assert_out_of_range_answer(
        status, data, "support_tickets",
        "a route the checks added to your app (it raises OutOfRange; register the handler on the app, "
        "do not catch the exception in each endpoint)",
    )


def test_a_known_customer_is_scored(client):
    status, data = answer(client.get("/customers/102/prediction"))
    assert status == 200, f"GET /customers/102/prediction must answer 200, got {status} {data!r}"
    features = exercise.FEATURE_STORE[102]
    want = float(FakeModel().predict([[features[name] for name in FEATURES]])[0])
    assert isinstance(data, dict) and data.get("churn_probability") == pytest.approx(want), (
        f"customer 102 must be scored on FEATURE_STORE[102]: churn_probability {want:.6f}, got {data!r}"
    )


def test_an_unknown_customer_is_404(client):
    status, data = answer(client.get("/customers/999999/prediction"))
    assert status == 404, (
        f"GET /customers/999999/prediction (no such customer) must answer 404, got {status} {data!r}"
        + (": a KeyError escaping the endpoint is a 500; raise HTTPException(status_code=404, ...)" if status == 500 else "")
    )
    assert isinstance(data, dict) and "999999" in str(data.get("detail")), (
        f'the 404 body must be {{"detail": "customer 999999 not found"}}, got {data!r}'
    )


def test_a_non_integer_id_is_422(client):
    status, data = answer(client.get("/customers/abc/prediction"))
    assert status == 422, f"GET /customers/abc/prediction must answer 422 (declare customer_id: int), got {status} {data!r}"


def test_other_errors_stay_500(client, model):
    model.fail_with = RuntimeError("out of memory in /srv/models/churn-logreg-3")
    status, data = answer(client.post("/predict", json=GOOD))
    assert status == 500, (
        "when the model fails with anything but OutOfRange (here a RuntimeError), the fault is the "
        f"service's, not the client's: it must stay a 500, got {status} {data!r}. Handle OutOfRange "
        "only, not every Exception"
    )
