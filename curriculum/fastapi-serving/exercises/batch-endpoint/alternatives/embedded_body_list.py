"""A list parameter embedded in the body with Body(embed=True), its length bounded by Body itself."""

from fastapi import Body

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

MAX_BATCH = 64


class Customer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenure_months: int = Field(ge=0, le=600)
    monthly_spend: float = Field(ge=0)
    support_tickets: int = Field(ge=0)


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


class ScoredCustomer(BaseModel):
    churn_probability: float
    will_churn: bool


class BatchResponse(BaseModel):
    model_version: str
    predictions: list[ScoredCustomer]


@app.post("/predict/batch")
def predict_batch(
    customers: Annotated[list[Customer], Body(embed=True, min_length=1, max_length=MAX_BATCH)],
    model: Annotated[ChurnModel, Depends(get_model)],
) -> BatchResponse:
    X = np.array([list(c.model_dump().values()) for c in customers], dtype=float)  # fields in FEATURES order
    probabilities = model.predict(X)
    return BatchResponse(
        model_version=model.version,
        predictions=[{"churn_probability": p, "will_churn": p >= 0.5} for p in probabilities.tolist()],
    )
