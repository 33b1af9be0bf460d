"""Writes the rules as `assert` statements: pydantic reports them today, `python -O` deletes them."""

from typing import Self

from pydantic import BaseModel, Field, field_validator, model_validator


class LRSchedule(BaseModel):
    total_steps: int = Field(gt=0)
    warmup_steps: int = Field(default=0, ge=0)
    milestones: list[int] = []

    @field_validator("milestones", mode="before")
    @classmethod
    def split_string(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in value.split(",") if part.strip()]
        return value

    @field_validator("milestones")
    @classmethod
    def strictly_increasing(cls, value: list[int]) -> list[int]:
        assert all(a < b for a, b in zip(value, value[1:])), "milestones must be strictly increasing"
        return value

    @model_validator(mode="after")
    def fits_in_schedule(self) -> Self:
        assert self.warmup_steps < self.total_steps, "warmup_steps must be < total_steps"
        assert all(self.warmup_steps < m < self.total_steps for m in self.milestones), (
            "milestones must lie strictly between warmup_steps and total_steps"
        )
        return self
