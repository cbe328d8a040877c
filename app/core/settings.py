"""Settings, read from the environment with the prefix ``SIGNPOST_``."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIGNPOST_", env_file=".env", extra="ignore")

    # The embedded default: a SQLite file in the working directory, nothing to install.
    database_url: str = "sqlite:///./signpost.db"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    # Key of the HMAC that signs page cursors. Unset, it is derived from `database_url`, so every
    # worker on one database agrees without configuration; but then anyone can compute it: set
    # it (the same value on every worker) in production.
    cursor_secret: str | None = None
    # Lists never return more than this many items, whatever `limit` asks for.
    max_page_size: int = 200
    default_page_size: int = 50
    # How long a SQLite write waits for the write lock before it answers 503 (busy_timeout).
    sqlite_busy_seconds: float = Field(default=5, gt=0)
    # Request bodies above this many bytes are refused with 413.
    max_body_bytes: int = 1_048_576
    # …except 360Giving file uploads (`POST /v1/imports/360giving`), which are megabytes by nature.
    max_import_bytes: int = 536_870_912
    # Upper bound (MB) of the SQLite page cache of a 360Giving import's connection while it
    # writes (SQLite's default is 2 MB). An import writes the awards', change log's and
    # aggregates' indexes at random places; once those pages outgrow the cache each one is
    # written out to the write-ahead log and read back again and again. The cache grows only as
    # an import touches pages (a small file costs nothing) and is cut back when it ends. At a
    # million grants 256 took as long as 128 (159 s) with 140 MB more memory (BENCHMARKS.md,
    # issue 6); more helps only where an import's pages outgrow it.
    import_cache_mb: int = 128
    # Token-bucket rate limits (requests a minute, bursts up to the same number); 0 turns off.
    rate_limit_per_address: int = 600
    rate_limit_per_key: int = 120
    # Load the catalogue of funding streams as the server starts (in a thread; /readyz says not
    # ready until it is), rather than on the first search. Tests turn it off: their databases
    # are not the configured one.
    preload_catalogue: bool = True
    # Strict-Transport-Security max-age; 0 sends none (set it when served only over HTTPS).
    hsts_seconds: int = 0

    # Publishing: where links in emails and webhook payloads point.
    public_base_url: str = "http://127.0.0.1:8000"
    # Webhooks to loopback/private/link-local addresses are refused unless this is true (tests).
    webhooks_allow_private: bool = False
    webhook_timeout_seconds: float = 10.0
    # A failing webhook is retried with exponential backoff for this long, then marked failed.
    webhook_retry_hours: float = 24.0
    # A worker holds the jobs it claimed this long; a worker that dies frees them when it ends.
    worker_lease_seconds: int = 120
    worker_poll_seconds: float = 5.0
    worker_batch_size: int = 50
    smtp_host: str = "localhost"
    smtp_port: int = 25
    # "starttls" upgrades a plain connection; "ssl" connects over TLS (port 465); "none" does not.
    smtp_tls: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "Signpost <alerts@signpost.london>"


@lru_cache
def get_settings() -> Settings:
    return Settings()
