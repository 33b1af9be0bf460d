"""The model validator has no `return self`: model_validate returns None."""

from pydantic import BaseModel, Field, field_validator, model_validator


class LRSchedule(BaseModel):
    total_steps: int = Field(gt=0)
    warmup_steps: int = Field(default=0, ge=0)
    milestones: list[int] = []

    @field_validator("milestones", mode="before")
    @classmethod
    def split_string(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("milestones")
    @classmethod
    def strictly_increasing(cls, value: list[int]) -> list[int]:
        if any(b <= a for a, b in zip(value, value[1:])):
            raise ValueError("milestones must be strictly increasing")
        return value

    @model_validator(mode="after")
    def fits_in_schedule(self):
        if self.warmup_steps >= self.total_steps:
            raise ValueError("warmup_steps must be < total_steps")
        if not all(self.warmup_steps < m < self.total_steps for m in self.milestones):
            raise ValueError("milestones must lie strictly between warmup_steps and total_steps")
