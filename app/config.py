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
    # Request bodies above this many bytes are refused with 413.
    max_body_bytes: int = 1_048_576
    # Token-bucket rate limits (requests a minute, bursts up to the same number); 0 turns off.
    rate_limit_per_address: int = 600
    rate_limit_per_key: int = 120
    # Strict-Transport-Security max-age; 0 sends none (set it when served only over HTTPS).
    hsts_seconds: int = 0


@lru_cache
def get_settings() -> Settings:
    return Settings()
