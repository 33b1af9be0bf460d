import numpy as np
import pytest
from fastapi.testclient import TestClient

import exercise

GOOD = {"tenure_months": 14, "monthly_spend": 82.5, "support_tickets": 3}


class FakeModel:
    """Stands in for the churn model: a known logistic function, and a version that names it."""

    def __init__(self, version):
        self.version = version

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return 1.0 / (1.0 + np.exp(-(X @ np.array([-0.08, 0.01, 0.3]) - 0.5)))


class CountingLoader:
    """Replaces exercise.load_model: counts the calls and hands out a new FakeModel each time."""

    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return FakeModel(f"fake-load-{self.count}")


@pytest.fixture
def loads(monkeypatch):
    loader = CountingLoader()
    monkeypatch.setattr(exercise, "load_model", loader)
    yield loader
    app = getattr(exercise, "app", None)
    if app is not None:
        app.dependency_overrides.clear()


def started(app):
    """A TestClient as a context manager: entering it runs the lifespan's start-up, leaving it the shutdown."""
    return TestClient(app, raise_server_exceptions=False)


def not_started(app):
    """A TestClient that is not entered: no start-up has run for it."""
    return TestClient(app, raise_server_exceptions=False)


def body(response):
    try:
        return response.json()
    except ValueError:
        return response.text


def test_before_startup_ready_and_predict_are_503(loads):
    # First in the file: no test has started the app yet.
    client = not_started(exercise.app)
    health = client.get("/health")
    assert health.status_code == 200 and body(health) == {"status": "ok"}, (
        "GET /health is liveness: it answers 200 {\"status\": \"ok\"} even before the model is loaded, "
        f"got {health.status_code} {body(health)!r}"
    )
    ready = client.get("/ready")
    assert ready.status_code == 503, (
        "before start-up (a TestClient that was not entered) no model is loaded, so GET /ready must "
        f"answer 503, got {ready.status_code} {body(ready)!r}: a load balancer sends traffic on a 200"
    )
    predict = client.post("/predict", json=GOOD)
    assert predict.status_code == 503, (
        "before start-up POST /predict must answer 503 (get_model raises HTTPException(503) when no "
        f"model is loaded), got {predict.status_code} {body(predict)!r}"
        + (": a 500 means get_model crashed on the missing model" if predict.status_code == 500 else "")
    )
    assert loads.count == 0, f"a request before start-up must not load the model, load_model() ran {loads.count} times"


def test_the_model_loads_once_at_startup(loads):
    with started(exercise.app) as client:
        assert loads.count == 1, (
            f"starting the app (entering `with TestClient(app)`) called load_model() {loads.count} times; "
            "expected exactly once, in the lifespan before `yield`"
            + (
                ". Not at import time, not per request, not lazily at the first request: at start-up"
                if loads.count == 0
                else ""
            )
        )
        for _ in range(4):
            response = client.post("/predict", json=GOOD)
            assert response.status_code == 200, (
                f"POST /predict with {GOOD} after start-up must answer 200, got {response.status_code} {body(response)!r}"
            )
            client.get("/ready")
        assert loads.count == 1, (
            f"load_model() ran {loads.count} times for one start-up and 4 predictions: the model must be "
            "loaded once at start-up and reused, never per request (get_model returns the loaded one)"
        )


def test_predictions_use_the_model_loaded_at_startup(loads):
    with started(exercise.app) as client:
        response = client.post("/predict", json=GOOD)
        data = body(response)
        assert response.status_code == 200, f"POST /predict must answer 200 after start-up, got {response.status_code} {data!r}"
        assert data.get("model_version") == "fake-load-1", (
            "the prediction came from another model than the one load_model() returned at start-up "
            f"(expected model_version 'fake-load-1', got {data.get('model_version')!r}): a model loaded "
            "at import time is loaded before anyone (a test, a config) can change what gets loaded"
        )


def test_endpoints_get_the_model_through_depends(loads):
    replacement = FakeModel("from-dependency-override")
    exercise.app.dependency_overrides[exercise.get_model] = lambda: replacement
    with started(exercise.app) as client:
        response = client.post("/predict", json=GOOD)
        data = body(response)
    assert response.status_code == 200 and data.get("model_version") == "from-dependency-override", (
        "with app.dependency_overrides[get_model] set to a replacement model, /predict must use it: "
        "declare the model as a parameter `model: Annotated[ChurnModel, Depends(get_model)]` instead of "
        f"reading it from the app state or a global. Got {response.status_code} {data!r}"
    )


def test_health_and_ready_once_started(loads):
    with started(exercise.app) as client:
        health, ready = client.get("/health"), client.get("/ready")
    assert health.status_code == 200 and body(health) == {"status": "ok"}, (
        f'GET /health must answer 200 {{"status": "ok"}}, got {health.status_code} {body(health)!r}'
    )
    assert ready.status_code == 200 and body(ready) == {"status": "ready"}, (
        f'once the model is loaded, GET /ready must answer 200 {{"status": "ready"}}, got {ready.status_code} {body(ready)!r}'
    )


def test_shutdown_releases_and_a_restart_loads_again(loads):
    with started(exercise.app):
        pass
    ready = not_started(exercise.app).get("/ready")
    assert ready.status_code == 503, (
        f"after shutdown GET /ready must answer 503 again (release the model after `yield`), got {ready.status_code} {body(ready)!r}"
    )
    with started(exercise.app) as client:
        assert loads.count == 2, f"two start-ups must call load_model() twice, it ran {loads.count} times"
        data = body(client.post("/predict", json=GOOD))
    assert isinstance(data, dict) and data.get("model_version") == "fake-load-2", (
        f"after a restart, predictions must come from the model loaded at the second start-up, got {data!r}"
    )


def test_startup_work_is_in_the_lifespan(loads):
    hooks = list(getattr(exercise.app.router, "on_startup", [])) + list(getattr(exercise.app.router, "on_shutdown", []))
    assert not hooks, (
        f"the app has startup/shutdown event handlers {[getattr(h, '__name__', h) for h in hooks]}: "
        "@app.on_event is deprecated (and ignored once a lifespan is given). Load and release the model "
        "in a lifespan passed to FastAPI(lifespan=...)"
    )
