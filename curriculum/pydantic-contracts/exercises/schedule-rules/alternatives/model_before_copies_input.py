"""Splits the string in a model validator (mode="before") that returns a new dict, never editing the caller's."""

from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator


class LRSchedule(BaseModel):
    total_steps: int = Field(gt=0)
    warmup_steps: int = Field(default=0, ge=0)
    milestones: list[int] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def split_milestones(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("milestones"), str):
            text = data["milestones"]
            data = {**data, "milestones": [s for s in text.replace(" ", "").split(",") if s]}
        return data

    @field_validator("milestones")
    @classmethod
    def strictly_increasing(cls, value: list[int]) -> list[int]:
        if sorted(set(value)) != value:
            raise ValueError("milestones must be strictly increasing")
        return value

    @model_validator(mode="after")
    def fits_in_schedule(self) -> "LRSchedule":
        w, t = self.warmup_steps, self.total_steps
        if w >= t:
            raise ValueError(f"warmup_steps ({w}) must be smaller than total_steps ({t})")
        if self.milestones and not (w < self.milestones[0] and self.milestones[-1] < t):
            raise ValueError(f"milestones must be > warmup_steps ({w}) and < total_steps ({t})")
        return self
