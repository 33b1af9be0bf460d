"""A learning-rate schedule config with field and cross-field rules."""

from typing import Self

from pydantic import BaseModel, Field, field_validator, model_validator


class LRSchedule(BaseModel):
    """Linear warmup, then the learning rate is divided by 10 at each milestone step."""

    total_steps: int = Field(gt=0)
    warmup_steps: int = Field(default=0, ge=0)
    milestones: list[int] = []

    @field_validator("milestones", mode="before")
    @classmethod
    def split_string(cls, value: object) -> object:
        # Raw input, any type: only reshape strings, let list[int] validate the rest.
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("milestones")
    @classmethod
    def strictly_increasing(cls, value: list[int]) -> list[int]:
        if any(b <= a for a, b in zip(value, value[1:])):
            raise ValueError(f"milestones must be strictly increasing, got {value}")
        return value

    @model_validator(mode="after")
    def fits_in_schedule(self) -> Self:
        # Runs only when every field is valid, so all three are real ints here.
        if self.warmup_steps >= self.total_steps:
            raise ValueError(
                f"warmup_steps ({self.warmup_steps}) must be < total_steps ({self.total_steps})"
            )
        outside = [m for m in self.milestones if not self.warmup_steps < m < self.total_steps]
        if outside:
            raise ValueError(
                f"milestones {outside} must lie strictly between warmup_steps "
                f"({self.warmup_steps}) and total_steps ({self.total_steps})"
            )
        return self
