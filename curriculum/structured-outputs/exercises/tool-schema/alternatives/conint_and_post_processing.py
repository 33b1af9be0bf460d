"""conint/constr/confloat types, and a schema walker that makes every object strict before it is sent."""

import inspect
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, confloat, conint, constr


class Schedule(BaseModel):
    """The learning-rate schedule of the job."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["constant", "cosine"] = Field(description="Shape of the schedule after warmup.")
    warmup_steps: conint(ge=0) = Field(description="Steps of linear warmup; 0 for none.")


class LaunchTraining(BaseModel):
    """Launch a training job on the cluster. Call it only when the user asked to start training."""

    model_config = ConfigDict(extra="forbid")

    model_name: constr(min_length=1) = Field(description="Registered architecture, e.g. 'resnet50'.")
    dataset: Literal["imagenet-1k", "cifar10", "wikitext-103"] = Field(description="Dataset to train on.")
    gpus: conint(ge=1, le=8) = Field(description="Number of GPUs, 1 to 8.")
    learning_rate: confloat(gt=0) | None = Field(description="Peak learning rate; null for the default.")
    schedule: Schedule = Field(description="How the learning rate changes during training.")


def strict(schema):
    """Return a copy where every object forbids extra keys and requires all of its properties."""
    if isinstance(schema, list):
        return [strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: strict(value) for key, value in schema.items()}
    if "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out["properties"])
    return out


def tool_definition() -> dict:
    """The `launch_training` tool, in the function-calling format, with a strict schema."""
    return {
        "type": "function",
        "function": {
            "name": "launch_training",
            "description": inspect.cleandoc(LaunchTraining.__doc__),
            "parameters": strict(LaunchTraining.model_json_schema()),
            "strict": True,
        },
    }
