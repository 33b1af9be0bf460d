"""A strict tool definition for launching a training job."""

from typing import Literal

from pydantic import BaseModel


class Schedule(BaseModel):
    """The learning-rate schedule of the job."""

    kind: Literal["constant", "cosine"]  # shape after warmup
    warmup_steps: int  # >= 0, linear warmup from 0 to the peak learning rate


class LaunchTraining(BaseModel):
    """Launch a training job on the cluster. Call it only when the user asked to start training."""

    model_name: str  # non-empty, e.g. "resnet50"
    dataset: Literal["imagenet-1k", "cifar10", "wikitext-103"]
    gpus: int  # 1 to 8
    learning_rate: float | None = None  # > 0, or null for the architecture's default
    schedule: Schedule


def tool_definition() -> dict:
    """The `launch_training` tool, in the function-calling format, with a strict schema."""
    # TODO: constraints, descriptions, strictness, and the tool dict around the schema.
    return {"type": "function", "function": {"name": "launch_training"}}
