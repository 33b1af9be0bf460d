"""Forgets env_prefix: the settings read API_KEY and MODEL, not LABELER_API_KEY and LABELER_MODEL."""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class LabelerSettings(BaseSettings):
    """Settings of the labelling service; every field can be set as LABELER_<FIELD>."""

    model_config = SettingsConfigDict(
        env_file=".env",  # relative to the working directory, read when an instance is created
        extra="ignore",  # the .env file is shared with other tools
    )

    api_key: SecretStr
    model: str = "small-v1"
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_attempts: int = Field(default=3, ge=1)


def get_settings() -> LabelerSettings:
    """The settings as the environment and .env say now."""
    return LabelerSettings()
