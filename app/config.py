"""Settings, read from the environment with the prefix ``SIGNPOST_``."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIGNPOST_", env_file=".env", extra="ignore")

    # The embedded default: a SQLite file in the working directory, nothing to install.
    database_url: str = "sqlite:///./signpost.db"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    # Lists never return more than this many items, whatever `limit` asks for.
    max_page_size: int = 200
    default_page_size: int = 50
    # Interim key for POST /v1/imports/360giving until issue 5's API keys land; unset = refused.
    admin_token: str | None = None


@lru_cache
def get_settings() -> Settings:
    return Settings()
