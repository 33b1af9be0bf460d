"""Configuration of the labelling service, from the environment and a .env file."""

import os

from pydantic import BaseModel


class LabelerSettings(BaseModel):
    """Settings of the labelling service; every field can be set as LABELER_<FIELD>."""

    api_key: str
    model: str = "small-v1"
    temperature: float = 0.0  # 0 to 2
    max_attempts: int = 3  # at least 1


def get_settings() -> LabelerSettings:
    """The settings as the environment and .env say now."""
    # TODO: a BaseSettings subclass reads LABELER_* variables and .env by itself.
    return LabelerSettings(api_key=os.environ.get("LABELER_API_KEY", ""))
