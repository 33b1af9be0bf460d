"""Caches load_model() with lru_cache in the dependency: the first request pays for the load, not start-up."""

from functools import lru_cache

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


class Customer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenure_months: int = Field(ge=0, le=600)
    monthly_spend: float = Field(ge=0)
    support_tickets: int = Field(ge=0)


class Prediction(BaseModel):
    churn_probability: float
    will_churn: bool
    model_version: str


def score(model, customer: Customer) -> Prediction:
    X = np.array([[getattr(customer, name) for name in FEATURES]], dtype=float)
    probability = float(model.predict(X)[0])
    return Prediction(
        churn_probability=probability, will_churn=probability >= 0.5, model_version=model.version
    )


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield
    get_model.cache_clear()


app = FastAPI(lifespan=lifespan)


@lru_cache
def get_model() -> ChurnModel:
    return load_model()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/ready")
def ready():
    if get_model.cache_info().currsize == 0:
        raise HTTPException(status_code=503, detail="model not loaded")
    return {"status": "ready"}


@app.post("/predict")
def predict(customer: Customer, model: Annotated[ChurnModel, Depends(get_model)]) -> Prediction:
    return score(model, customer)
