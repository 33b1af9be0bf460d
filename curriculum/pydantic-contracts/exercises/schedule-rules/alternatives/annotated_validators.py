"""BeforeValidator and AfterValidator attached to the type with Annotated, and PydanticCustomError."""

from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError


def split_commas(value: object) -> object:
    if isinstance(value, str):
        return [part for part in (p.strip() for p in value.split(",")) if part]
    return value


def strictly_increasing(value: list[int]) -> list[int]:
    for a, b in zip(value, value[1:]):
        if b <= a:
            raise PydanticCustomError("not_increasing", "milestones must strictly increase: {a} then {b}", {"a": a, "b": b})
    return value


Milestones = Annotated[list[int], BeforeValidator(split_commas), AfterValidator(strictly_increasing)]


class LRSchedule(BaseModel):
    total_steps: int = Field(gt=0)
    warmup_steps: int = Field(default=0, ge=0)
    milestones: Milestones = []

    @model_validator(mode="after")
    def fits_in_schedule(self) -> Self:
        if not self.warmup_steps < self.total_steps:
            raise ValueError("warmup_steps must be less than total_steps")
        for m in self.milestones:
            if not self.warmup_steps < m < self.total_steps:
                raise ValueError(f"milestone {m} is outside (warmup_steps, total_steps) = ({self.warmup_steps}, {self.total_steps}); fix milestones")
        return self
