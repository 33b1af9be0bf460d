"""Reusable Annotated types with Strict() and annotated_types constraints."""

from typing import Annotated, Optional

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ConfigDict, Strict

LearningRate = Annotated[float, Gt(0), Le(1)]
PositiveStrictInt = Annotated[int, Strict(), Gt(0)]
Probability = Annotated[float, Ge(0), Lt(1)]


class TrainingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    learning_rate: LearningRate
    batch_size: PositiveStrictInt
    epochs: Annotated[int, Ge(1)] = 10
    dropout: Probability = 0.1
    mixed_precision: bool = False
    seed: Optional[int] = None
