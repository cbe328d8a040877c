"""`make bench-peers`: the same searches over the same SQLite file, side by side.

    python -m bench.peers --datasette PATH [--rounds 3] [--seconds 5] [--workers 2]

Peers, each given the realistic spread of bench/realistic.py (each round its own seed, the same
for every peer within it), measured in turn, round after round, so that whatever else the
machine does falls on all of them alike:
- Signpost, one worker and `--workers` workers (`signpost serve`);
- Datasette (installed by the make target into a virtualenv of its own, not a project
  dependency) serving the streams as a data team would publish them: one table
  `streams_flat`, a row per live stream, JSON array columns for boroughs (every borough for a
  London-wide stream) and each vocabulary, the status of the day, and an FTS5 index over the
  same fields, weights aside, as Signpost's, with its tokenizer; facets as Signpost's;
- the SQL of Signpost's search in process: `service.search_streams` and `stream_facets` (the
  SQL path, which the snapshot answers as), no HTTP, one request at a time;
- a trivial endpoint (`/healthz`) on the one-worker server: its settings, no work.

Before timing, the answers are compared on the round's first 100 searches: Signpost's SQL path
and its N-worker server give exactly the one-worker server's page; Datasette the same total and
the same counts for every facet whose own filter the search does not set (Datasette counts a
facet among the rows its filters let through, Signpost without that facet's own filter; status
is always filtered). Throughput is wrk's (8 connections, `--seconds` each); every figure is
also given as a ratio to Signpost's one worker.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import socket
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from app.ops.server import serve
from bench.harness import Call, Result, drive_wrk
from bench.realistic import SEED, realistic_calls
from bench.run import prepared

DIMENSIONS_ARRAY = (
    "borough",
    "activity",
    "violence_type",
    "risk_factor",
    "strand",
    "applicant_type",
    "beneficiary_group",
)
AGREEMENT_SAMPLE = 100


def publish_flat(path: str) -> None:
    """Writes `streams_flat` and its FTS5 index into the SQLite file at `path` (anew)."""
    from app.streams.filters import OPEN_WHEN_UNNAMED, TERM_FILTERS
    from app.streams.status import stream_status

    db = sqlite3.connect(path)
    today = dt.date.today()
    # A stream naming no value of these dimensions is open to every value: published so.
    every = {"borough": [r[0] for r in db.execute("SELECT gss_code FROM boroughs ORDER BY 1")]}
    for vocabulary, slug in db.execute("SELECT vocabulary, slug FROM vocabulary_terms ORDER BY 2"):
        every.setdefault(vocabulary, []).append(slug)
    places: dict[int, list[str]] = {}
    for pk, code in db.execute("SELECT stream_pk, gss_code FROM stream_boroughs ORDER BY 2"):
        places.setdefault(pk, []).append(code)
    terms: dict[tuple[int, str], list[str]] = {}
    for pk, vocabulary, slug in db.execute(
        "SELECT stream_pk, vocabulary, slug FROM stream_terms ORDER BY 3"
    ):
        terms.setdefault((pk, vocabulary), []).append(slug)
    rows = []
    for r in db.execute(
        "SELECT s.pk, s.slug, s.name, s.summary, s.description, "
        "COALESCE(e.other_criteria, ''), f.slug, f.name, s.opens_on, s.closes_on, "
        "s.programme_end, s.max_award_pence FROM funding_streams s "
        "JOIN funders f ON f.pk = s.funder_pk LEFT JOIN eligibility_rules e ON e.stream_pk = s.pk "
        "WHERE s.deleted_at IS NULL"
    ):
        day = [None if v is None else dt.date.fromisoformat(v) for v in r[8:11]]
        status = stream_status(day[0], day[1], day[2], today=today)
        named = {"borough": places.get(r[0], [])}
        named.update((v, terms.get((r[0], v), [])) for v in TERM_FILTERS)
        arrays = [
            json.dumps(named[d] or (every[d] if d in OPEN_WHEN_UNNAMED else []))
            for d in DIMENSIONS_ARRAY
        ]
        rows.append((*r[:8], r[9], r[11], status, *arrays))
    columns = ", ".join(DIMENSIONS_ARRAY)
    with db:
        db.execute("DROP TABLE IF EXISTS streams_flat_fts")
        db.execute("DROP TABLE IF EXISTS streams_flat")
        db.execute(
            "CREATE TABLE streams_flat (id INTEGER PRIMARY KEY, slug TEXT, name TEXT, "
            "summary TEXT, description TEXT, eligibility TEXT, funder TEXT, funder_name TEXT, "
            f"closes_on TEXT, max_award_pence INTEGER, status TEXT, {columns})"
        )
        marks = ", ".join("?" * (11 + len(DIMENSIONS_ARRAY)))
        db.executemany(f"INSERT INTO streams_flat VALUES ({marks})", rows)
        db.execute(
            "CREATE VIRTUAL TABLE streams_flat_fts USING fts5(name, summary, description, "
            'eligibility, funder_name, content="streams_flat", content_rowid="id", '
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        db.execute(
            "INSERT INTO streams_flat_fts (rowid, name, summary, description, eligibility, "
            "funder_name) SELECT id, name, summary, description, eligibility, funder_name "
            "FROM streams_flat"
        )
    # Datasette opens the file immutable: everything in the main file, none in the WAL.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def datasette_call(call: Call) -> Call:
    """Signpost's search as Datasette's table API asks it."""
    p = call.params
    params: list[tuple[str, str]] = [("_search", p["q"]), ("status__not", "closed")]
    for name in ("borough", "activity", "beneficiary_group"):
        if name in p:
            params.append((f"{name}__arraycontains", p[name]))
    params += [("_facet_array", d) for d in DIMENSIONS_ARRAY]
    params += [("_facet", "funder"), ("_facet", "status"), ("_facet_size", "max")]
    params += [("_size", "20")]
    return Call("GET", "/streams/streams_flat.json", params=params)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def datasette(executable: str, path: str) -> Iterator[str]:
    port = _free_port()
    command = [
        executable, "serve", "-i", path, "-p", str(port),
        "--setting", "suggest_facets", "off",
        "--setting", "sql_time_limit_ms", "20000",
        "--setting", "facet_time_limit_ms", "20000",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/-/versions.json", timeout=5).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Datasette did not start")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(base: str, call: Call) -> Any:
    response = httpx.get(base + call.path, params=call.params, timeout=60)
    response.raise_for_status()
    return response.json()


def _counts(values: list[dict[str, Any]]) -> dict[str, int]:
    return {str(v["value"]): int(v["count"]) for v in values if v["count"]}


def _datasette_facets(body: dict[str, Any]) -> dict[str, dict[str, int]]:
    results = body["facet_results"]
    results = results.get("results", results)  # Datasette 1.0 nests them
    return {name: _counts(f["results"]) for name, f in results.items()}


def sql_path(url: str) -> Callable[[Call], dict[str, Any]]:
    """Signpost's search answered by its SQL path, in this process."""
    import os

    os.environ["SIGNPOST_DATABASE_URL"] = url
    from app.core.cursors import FIRST_PAGE
    from app.core.db import _session_factory, get_engine
    from app.streams import service
    from app.streams.catalogue import current_catalogue
    from app.streams.facets import stream_facets
    from app.streams.filters import TERM_FILTERS, StreamFilters
    from app.streams.representation import stream_read

    sessions = _session_factory(get_engine())

    def answer(call: Call) -> dict[str, Any]:
        p, today = call.params, dt.date.today()
        filters = StreamFilters(
            q=p["q"],
            boroughs=[p["borough"]] if "borough" in p else [],
            terms={v: [p[v]] if v in p else [] for v in TERM_FILTERS},
        )
        with sessions() as session:
            rows, next_cursor, total = service.search_streams(
                session=session,
                filters=filters,
                sort=None,
                limit=20,
                cursor=FIRST_PAGE,
                today=today,
            )
            every_value = current_catalogue(session).every_value
            facets = stream_facets(
                session=session, filters=filters, today=today, every_value=every_value
            )
            items = [stream_read(s, today=today).model_dump(mode="json") for s in rows]
            session.rollback()
        return {"items": items, "next_cursor": next_cursor, "total": total, "facets": facets}

    return answer


def check_agreement(
    calls: list[Call], one: str, many: str, ds: str, sql: Callable[[Call], dict[str, Any]]
) -> None:
    """Raises if any peer answers one of `calls` otherwise than Signpost's one worker."""
    for call in calls:
        ours = _get(one, call)
        if _get(many, call) != ours:
            raise SystemExit(f"N workers answer otherwise: {call.params}")
        mine = sql(call)
        if [i["id"] for i in mine["items"]] != [i["id"] for i in ours["items"]] or (
            mine["total"],
            mine["facets"],
        ) != (ours["total"], ours["facets"]):
            raise SystemExit(f"the SQL path answers otherwise: {call.params}")
        theirs = _get(ds, datasette_call(call))
        if theirs["filtered_table_rows_count"] != ours["total"]:
            raise SystemExit(
                f"Datasette counts {theirs['filtered_table_rows_count']}, Signpost "
                f"{ours['total']}: {call.params}"
            )
        facets = _datasette_facets(theirs)
        for name in (*DIMENSIONS_ARRAY, "funder"):
            if name in call.params:
                continue
            if facets[name] != _counts(ours["facets"][name]):
                raise SystemExit(f"Datasette's {name} facet differs: {call.params}")


def _sql_throughput(
    sql: Callable[[Call], dict[str, Any]], calls: list[Call], seconds: int
) -> Result:
    latencies: list[float] = []
    started = time.perf_counter()
    for call in calls:
        began = time.perf_counter()
        sql(call)
        latencies.append((time.perf_counter() - began) * 1000)
        if time.perf_counter() - started > seconds:
            break
    return Result("SQL path in process (c=1)", len(latencies), 0, sum(latencies) / 1000, latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasette", required=True, help="the datasette executable")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261125, help="the data's seed")
    args = parser.parse_args()
    url = prepared("streams", "sqlite", seed=args.seed)
    path = url.removeprefix("sqlite:///")
    publish_flat(path)
    sql = sql_path(url)
    figures: dict[str, list[Result]] = {}
    with (
        serve(url) as one,
        serve(url, workers=args.workers) as many,
        datasette(args.datasette, path) as ds,
    ):
        for round_ in range(args.rounds):
            calls = realistic_calls(url, seed=SEED + 10 * round_, count=4000)
            check_agreement(calls[:AGREEMENT_SAMPLE], one.base_url, many.base_url, ds, sql)
            print(f"round {round_ + 1}: answers agree on {AGREEMENT_SAMPLE} searches", flush=True)
            translated = [datasette_call(c) for c in calls]
            runs: list[tuple[str, str, Callable[[int], Call], int]] = [
                ("Signpost, 1 worker (c=1)", one.base_url, calls.__getitem__, 1),
                ("Signpost, 1 worker", one.base_url, calls.__getitem__, 8),
                (f"Signpost, {args.workers} workers", many.base_url, calls.__getitem__, 8),
                ("Datasette (c=1)", ds, translated.__getitem__, 1),
                ("Datasette", ds, translated.__getitem__, 8),
                ("trivial endpoint, 1 worker", one.base_url, lambda i: Call("GET", "/healthz"), 8),
            ]
            for name, base, make, concurrency in runs:
                found = drive_wrk(
                    name,
                    base,
                    make,
                    paths=len(calls),
                    seconds=args.seconds,
                    concurrency=concurrency,
                )
                if found is None:
                    raise SystemExit("wrk is needed: apt-get install wrk")
                figures.setdefault(name, []).append(found)
            figures.setdefault("SQL path in process (c=1)", []).append(
                _sql_throughput(sql, calls, args.seconds)
            )
    base = statistics.median(r.rps for r in figures["Signpost, 1 worker"])
    columns = ("req/s (median)", "p50 ms", "p95 ms", "ratio")
    print(f"\n{'peer (c=8 unless said)':34} " + " ".join(f"{c:>14}" for c in columns))
    for name, results in figures.items():
        rps = statistics.median(r.rps for r in results)
        p50 = statistics.median(r.percentile(50) for r in results)
        p95 = statistics.median(r.percentile(95) for r in results)
        print(f"{name:34} {rps:14.1f} {p50:14.1f} {p95:14.1f} {rps / base:14.2f}")
    print(f"\nrounds: {args.rounds}, {args.seconds} s a run; ratio: req/s over Signpost's 1 worker")


if __name__ == "__main__":
    main()
