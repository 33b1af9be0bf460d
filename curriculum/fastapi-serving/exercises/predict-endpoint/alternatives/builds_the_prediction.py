"""Builds the Prediction explicitly from the model's output, with pydantic's NonNegative types."""

from pydantic import NonNegativeFloat, NonNegativeInt

from contextlib import asynccontextmanager
from typing import Annotated

import numpy as np
from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

FEATURES = ("tenure_months", "monthly_spend", "support_tickets")


class ChurnModel:
    """A logistic regression. predict(X) takes an array of shape (n, 3), columns in FEATURES
    order, and returns the n churn probabilities."""

    version = "churn-logreg-3"

    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != len(FEATURES):
            raise ValueError(f"expected an array of shape (n, {len(FEATURES)}), got {X.shape}")
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


def score(model, features):
    """Score one customer. Returns the prediction and, for the logs, the inputs and the threshold."""
    X = np.array([[features[name] for name in FEATURES]], dtype=float)
    probability = float(model.predict(X)[0])
    return {
        "churn_probability": probability,
        "will_churn": probability >= 0.5,
        "model_version": model.version,
        "features": features,  # for the logs only
        "threshold": 0.5,  # for the logs only
    }


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.model = load_model()  # once, at start-up: the next lesson
    yield
    app.state.model = None


app = FastAPI(lifespan=lifespan)


def get_model(request: Request) -> ChurnModel:
    """The dependency that hands the loaded model to an endpoint."""
    model = getattr(request.app.state, "model", None)
    if model is None:
        raise HTTPException(status_code=503, detail="model not loaded")
    return model


class Customer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenure_months: NonNegativeInt = Field(le=600)
    monthly_spend: NonNegativeFloat
    support_tickets: NonNegativeInt


class Prediction(BaseModel):
    churn_probability: float
    will_churn: bool
    model_version: str


@app.post("/predict", status_code=200)
def predict(customer: Customer, model: Annotated[ChurnModel, Depends(get_model)]) -> Prediction:
    X = np.array([[getattr(customer, name) for name in FEATURES]], dtype=float)
    probability = float(model.predict(X)[0])
    return Prediction(
        churn_probability=probability, will_churn=probability >= 0.5, model_version=model.version
    )
