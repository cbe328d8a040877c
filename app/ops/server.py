"""Serving the app with uvicorn in a process of its own, on a free port: the benchmarks drive it
over real HTTP, and the tests that need truly parallel requests (each with its own connection and
transaction) run against it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory so far, in MB (Linux VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


@contextlib.contextmanager
def serve(
    database_url: str, *, extra_env: dict[str, str] | None = None, workers: int = 1
) -> Iterator[Server]:
    """Runs `uvicorn app.main:app` (one worker unless told) on a free port against
    `database_url`."""
    port = _free_port()
    env = {
        **os.environ,
        "SIGNPOST_DATABASE_URL": database_url,
        "SIGNPOST_LOG_LEVEL": "warning",
        # One client drives all the load from one address: the per-address limit would measure
        # itself rather than the service.
        "SIGNPOST_RATE_LIMIT_PER_ADDRESS": "0",
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        # Generous: a loaded machine (CI, other work) can take long to import the app.
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        yield Server(base_url=base_url, process=process)
    finally:
        process.terminate()
        process.wait(timeout=60)
