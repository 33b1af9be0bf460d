"""Sets extra="ignore" on both models, "to be forgiving": the schema no longer forbids additional properties."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Schedule(BaseModel):
    """The learning-rate schedule of the job."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["constant", "cosine"] = Field(
        description="Shape of the schedule after warmup: 'constant' or 'cosine' decay to zero."
    )
    warmup_steps: int = Field(
        ge=0, description="Steps of linear warmup from 0 to the peak learning rate; 0 for none."
    )


class LaunchTraining(BaseModel):
    """Launch a training job on the cluster. Call it only when the user asked to start training."""

    model_config = ConfigDict(extra="ignore")

    model_name: str = Field(
        min_length=1, description="Name of a registered architecture, e.g. 'resnet50'."
    )
    dataset: Literal["imagenet-1k", "cifar10", "wikitext-103"] = Field(
        description="Registered dataset to train on."
    )
    gpus: int = Field(ge=1, le=8, description="Number of GPUs, 1 to 8 (one node).")
    # Required but nullable: strict tool calling needs every key, so "use the default" is null.
    learning_rate: float | None = Field(
        gt=0, description="Peak learning rate; null to use the architecture's default."
    )
    schedule: Schedule = Field(description="How the learning rate changes during training.")


def tool_definition() -> dict:
    """The `launch_training` tool, in the function-calling format, with a strict schema."""
    schema = LaunchTraining.model_json_schema()
    return {
        "type": "function",
        "function": {
            "name": "launch_training",
            "description": schema["description"],
            "parameters": schema,
            "strict": True,
        },
    }
