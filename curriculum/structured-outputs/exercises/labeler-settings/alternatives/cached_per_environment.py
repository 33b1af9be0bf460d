"""Caches the settings per environment: a cache keyed on the LABELER_ variables and the .env text, so a change is read."""

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class LabelerSettings(BaseSettings):
    """Settings of the labelling service; every field can be set as LABELER_<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="labeler_", env_file=".env", extra="ignore")

    api_key: SecretStr
    model: str = "small-v1"
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_attempts: int = Field(default=3, ge=1)


@lru_cache(maxsize=8)
def _load(environment: tuple, dotenv: str, cwd: str) -> LabelerSettings:
    return LabelerSettings()


def get_settings() -> LabelerSettings:
    """The settings as the environment and .env say now (loaded again only when they change)."""
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("LABELER_")))
    env_file = Path(".env")
    dotenv = env_file.read_text() if env_file.is_file() else ""
    return _load(environment, dotenv, os.getcwd())
