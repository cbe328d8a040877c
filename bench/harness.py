"""Serving the app with uvicorn and driving it over real HTTP.

The server runs in its own process (one uvicorn worker, as in the targets); the load comes from
an asyncio client in this process with a fixed number of connections. Peak server memory is the
kernel's high-water mark of the server's resident set (VmHWM).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Call:
    """One request of a scenario."""

    method: str
    path: str
    params: Any = None
    json: Any = None


@dataclass
class Result:
    scenario: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    # Percentiles measured elsewhere (wrk reports them, not each latency).
    measured: dict[float, float] | None = None

    def percentile(self, p: float) -> float:
        if self.measured is not None:
            return self.measured[p]
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "requests": self.requests,
            "errors": self.errors,
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else None,
            "client": "wrk" if self.measured is not None else "httpx",
            "rps": round(self.rps, 1),
        }


async def _drive(
    base_url: str, calls: Callable[[int], Call], *, count: int, concurrency: int, warmup: int
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        for i in range(warmup):
            call = calls(i)
            await client.request(call.method, call.path, params=call.params, json=call.json)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(count):
            queue.put_nowait(i)

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                call = calls(i)
                started = time.perf_counter()
                response = await client.request(
                    call.method, call.path, params=call.params, json=call.json
                )
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code >= 400:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def drive(
    name: str,
    base_url: str,
    calls: Callable[[int], Call],
    *,
    count: int = 2000,
    concurrency: int = 1,
    warmup: int = 50,
) -> Result:
    """Sends `count` requests made by `calls(i)`, `concurrency` at a time, and times each.

    Latency percentiles are best read at concurrency 1 (no queueing in the client); throughput
    needs several connections in flight.
    """
    latencies, errors, seconds = asyncio.run(
        _drive(base_url, calls, count=count, concurrency=concurrency, warmup=warmup)
    )
    return Result(name, len(latencies), errors, seconds, latencies)


def print_table(results: list[Result], *, header: str) -> None:
    print(f"\n{header}")
    columns = ("n", "err", "p50 ms", "p95 ms", "p99 ms", "req/s")
    print(f"{'scenario':42} " + " ".join(f"{c:>8}" for c in columns))
    for r in results:
        s = r.summary()
        print(
            f"{s['scenario']:42} {s['requests']:>8} {s['errors']:>8} {s['p50_ms']:>8} "
            f"{s['p95_ms']:>8} {s['p99_ms']:>8} {s['rps']:>8}"
        )


# wrk runs the requests of a scenario in turn, from a Lua list of paths.
_WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n - 1) %% #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def drive_wrk(
    name: str,
    base_url: str,
    calls: Callable[[int], Call],
    *,
    paths: int = 1000,
    seconds: int = 10,
    concurrency: int = 8,
) -> Result | None:
    """Throughput of GET `calls` measured by wrk (a C load generator), or None without wrk.

    The asyncio client in this process costs about as much CPU per request as a fast endpoint,
    and it shares the two cores with the server: its req/s measure the client as much as the
    service. wrk's do not (`apt-get install wrk`)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    chosen = [calls(i) for i in range(paths)]
    assert all(c.method == "GET" for c in chosen), "wrk drives GET scenarios only"
    quoted = ",".join(
        '"' + str(httpx.URL(c.path, params=c.params)).replace('"', '\\"') + '"' for c in chosen
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT % quoted)
    try:
        command = [wrk, "-t1", f"-c{concurrency}", f"-d{seconds}s", "-s", script.name, base_url]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    requests, errors, micros, p50, p95, p99 = line.split()[1:]
    return Result(
        name,
        int(requests),
        int(errors),
        int(micros) / 1e6,
        [],
        measured={50: float(p50), 95: float(p95), 99: float(p99)},
    )
