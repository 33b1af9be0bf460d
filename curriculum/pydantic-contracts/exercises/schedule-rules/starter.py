"""A learning-rate schedule config with field and cross-field rules."""

from pydantic import BaseModel, Field


class LRSchedule(BaseModel):
    """Linear warmup, then the learning rate is divided by 10 at each milestone step.

    Field rules:
      total_steps:  int > 0, required
      warmup_steps: int >= 0, default 0
      milestones:   list[int], default []. May also arrive as a comma-separated
                    string from a command line: "300, 600" -> [300, 600], "" -> [].
                    Must be strictly increasing (error at loc ("milestones",)).

    Cross-field rules (errors at loc (), with the field names in the message):
      warmup_steps < total_steps
      every milestone m satisfies warmup_steps < m < total_steps
    """

    total_steps: int = Field(gt=0)
    warmup_steps: int = Field(default=0, ge=0)
    milestones: list[int] = []

    # TODO: a field validator (mode="before") that splits a string of milestones,
    # TODO: a field validator that checks they strictly increase,
    # TODO: a model validator (mode="after") for the two cross-field rules.
