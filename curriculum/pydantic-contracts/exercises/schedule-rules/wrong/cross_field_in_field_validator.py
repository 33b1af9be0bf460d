"""Checks the cross-field rules in a field validator with `info.data`: wrong loc, and a KeyError when a field is invalid."""

from pydantic import BaseModel, Field, ValidationInfo, field_validator


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

    @field_validator("warmup_steps")
    @classmethod
    def warmup_before_end(cls, value: int, info: ValidationInfo) -> int:
        if value >= info.data["total_steps"]:
            raise ValueError("warmup_steps must be < total_steps")
        return value

    @field_validator("milestones")
    @classmethod
    def check_milestones(cls, value: list[int], info: ValidationInfo) -> list[int]:
        if any(b <= a for a, b in zip(value, value[1:])):
            raise ValueError("milestones must be strictly increasing")
        low, high = info.data["warmup_steps"], info.data["total_steps"]
        if not all(low < m < high for m in value):
            raise ValueError("milestones must lie between warmup_steps and total_steps")
        return value
