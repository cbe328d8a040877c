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
    database_url: str = ""

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
    """Runs `signpost serve` (one worker unless told) on a free port against `database_url`,
    and waits until `/readyz` says ready (every worker has loaded its catalogue)."""
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
    # `signpost serve`, as deployed (app/ops/serving.py: its socket, its worker processes).
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "signpost"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        # Generous: each worker loads and renders every stream before it says ready.
        deadline = time.monotonic() + 600
        ready = 0
        while True:
            try:
                # Every worker loads its catalogue as it starts; probes land on any of them.
                ok = httpx.get(f"{base_url}/readyz", timeout=5).status_code == 200
                ready = ready + 1 if ok else 0
                if ready >= 4 * workers:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        yield Server(base_url=base_url, process=process, database_url=database_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
