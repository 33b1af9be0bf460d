"""Each field names its variable with validation_alias; the .env file is passed per call with _env_file."""

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class LabelerSettings(BaseSettings):
    """Settings of the labelling service; every field can be set as LABELER_<FIELD>."""

    model_config = SettingsConfigDict(extra="ignore")

    api_key: SecretStr = Field(validation_alias=AliasChoices("LABELER_API_KEY"))
    model: str = Field(default="small-v1", validation_alias="LABELER_MODEL")
    temperature: float = Field(default=0.0, ge=0, le=2, validation_alias="LABELER_TEMPERATURE")
    max_attempts: int = Field(default=3, ge=1, validation_alias="LABELER_MAX_ATTEMPTS")


def get_settings() -> LabelerSettings:
    """The settings as the environment and .env say now."""
    return LabelerSettings(_env_file=".env")
