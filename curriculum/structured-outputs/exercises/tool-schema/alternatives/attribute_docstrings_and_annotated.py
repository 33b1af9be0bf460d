"""Field descriptions from attribute docstrings (use_attribute_docstrings) and constraints in Annotated types, on a shared strict base."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class StrictModel(BaseModel):
    # A docstring under a field becomes its description in the schema.
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


PositiveFloat = Annotated[float, Field(gt=0)]


class Schedule(StrictModel):
    """The learning-rate schedule of the job."""

    kind: Literal["constant", "cosine"]
    """Shape of the schedule after warmup: 'constant' or 'cosine' decay to zero."""
    warmup_steps: Annotated[int, Field(ge=0)]
    """Steps of linear warmup from 0 to the peak learning rate; 0 for none."""


class LaunchTraining(StrictModel):
    """Launch a training job on the cluster. Call it only when the user asked to start training."""

    model_name: Annotated[str, Field(min_length=1)]
    """Name of a registered architecture, e.g. 'resnet50'."""
    dataset: Literal["imagenet-1k", "cifar10", "wikitext-103"]
    """Registered dataset to train on."""
    gpus: Annotated[int, Field(ge=1, le=8)]
    """Number of GPUs, 1 to 8 (one node)."""
    learning_rate: PositiveFloat | None
    """Peak learning rate; null to use the architecture's default."""
    schedule: Schedule
    """How the learning rate changes during training."""


def tool_definition() -> dict:
    """The `launch_training` tool, in the function-calling format, with a strict schema."""
    return {
        "type": "function",
        "function": {
            "name": "launch_training",
            "description": LaunchTraining.__doc__,
            "parameters": TypeAdapter(LaunchTraining).json_schema(),
            "strict": True,
        },
    }
