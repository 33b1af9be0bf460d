"""Catches OutOfRange with try/except inside each endpoint: a route added later still answers 500."""

from contextlib import asynccontextmanager
from typing import Annotated

import numpy as np
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

FEATURES = ("tenure_months", "monthly_spend", "support_tickets")


class OutOfRange(Exception):
    """The model was asked about a value outside the range it was trained on."""

    def __init__(self, feature, value, low, high):
        super().__init__(f"{feature} = {value} is outside the training range [{low}, {high}]")
        self.feature, self.value, self.low, self.high = feature, value, low, high


class ChurnModel:
    """A logistic regression. predict(X) takes an array of shape (n, 3), columns in FEATURES
    order, and returns the n churn probabilities. It refuses to extrapolate: a value outside
    the range seen in training raises OutOfRange."""

    version = "churn-logreg-3"
    RANGES = {"tenure_months": (0, 72), "monthly_spend": (0.0, 500.0), "support_tickets": (0, 12)}

    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != len(FEATURES):
            raise ValueError(f"expected an array of shape (n, {len(FEATURES)}), got {X.shape}")
        for column, name in enumerate(FEATURES):
            low, high = self.RANGES[name]
            outside = (X[:, column] < low) | (X[:, column] > high)
            if outside.any():
                raise OutOfRange(name, X[outside, column][0].item(), low, high)
        return 1.0 / (1.0 + np.exp(-(X @ self.weights + self.bias)))


def load_model():
    """Fit the model on generated data. It stands in for reading a model file: slow, so call it once."""
    rng = np.random.default_rng(0)
    n = 2000
    X = np.column_stack([rng.integers(0, 73, n), rng.gamma(2.0, 30.0, n), rng.poisson(1.5, n)])
    y = rng.random(n) < 1 / (1 + np.exp(0.06 * X[:, 0] - 0.02 * X[:, 1] - 0.7 * X[:, 2] + 1.0))
    A = np.column_stack([X, np.ones(n)])
    w = np.zeros(4)
    for _ in range(12):  # Newton's method on the logistic loss
        p = 1 / (1 + np.exp(-A @ w))
        w += np.linalg.solve((A.T * (p * (1 - p))) @ A, A.T @ (y - p))
    return ChurnModel(w[:3], w[3])

# The feature store: features of known customers, by id.
FEATURE_STORE = {
    101: {"tenure_months": 3, "monthly_spend": 120.0, "support_tickets": 4},
    102: {"tenure_months": 48, "monthly_spend": 35.5, "support_tickets": 0},
    103: {"tenure_months": 17, "monthly_spend": 64.0, "support_tickets": 2},
}


class Customer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenure_months: int = Field(ge=0, le=600)
    monthly_spend: float = Field(ge=0)
    support_tickets: int = Field(ge=0)


class Prediction(BaseModel):
    churn_probability: float
    will_churn: bool
    model_version: str


def score(model, features: dict) -> Prediction:
    X = np.array([[features[name] for name in FEATURES]], dtype=float)
    probability = float(model.predict(X)[0])
    return Prediction(
        churn_probability=probability, will_churn=probability >= 0.5, model_version=model.version
    )


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.model = load_model()
    yield
    app.state.model = None


app = FastAPI(lifespan=lifespan)


def get_model(request: Request) -> ChurnModel:
    model = getattr(request.app.state, "model", None)
    if model is None:
        raise HTTPException(status_code=503, detail="model not loaded")
    return model


def out_of_range_response(exc: OutOfRange) -> JSONResponse:
    return JSONResponse(
        status_code=422,
        content={"detail": f"{exc.feature} is outside the range the model was trained on", "feature": exc.feature},
    )


@app.post("/predict")
def predict(customer: Customer, model: Annotated[ChurnModel, Depends(get_model)]):
    try:
        return score(model, customer.model_dump())
    except OutOfRange as exc:
        return out_of_range_response(exc)


@app.get("/customers/{customer_id}/prediction")
def predict_stored(customer_id: int, model: Annotated[ChurnModel, Depends(get_model)]):
    features = FEATURE_STORE.get(customer_id)
    if features is None:
        raise HTTPException(status_code=404, detail=f"customer {customer_id} not found")
    try:
        return score(model, features)
    except OutOfRange as exc:
        return out_of_range_response(exc)
