"""Where a request's time goes, in process (no HTTP): the figures BENCHMARKS.md quotes as
"in process".

    python -m bench.inprocess search [--realistic] [--database-url URL]  # 10,000 streams
    python -m bench.inprocess cold [--database-url URL]          # catalogue + snapshot load
    python -m bench.inprocess organisation [--database-url URL]  # 1,000,000-award suite
    python -m bench.inprocess overlap [--freeze] [--database-url URL]  # 1,000,000-award suite
    python -m bench.inprocess import [--count N]                 # SQL time of an import
    python -m bench.inprocess checking [--count N]               # an import's checks, per grant
    python -m bench.inprocess recipient-plan [--database-url URL]  # the recipient search's plan

Runs against a database `python -m bench.run` generated (default: bench/data/<suite>.db).
Each stage is timed around the same service functions the routers call, averaged over the
suite's own requests after a warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from bench.harness import ROOT


def _session_factory(url: str) -> Callable[[], Any]:
    os.environ["SIGNPOST_DATABASE_URL"] = url
    from app.core.db import _session_factory as factory
    from app.core.db import get_engine

    return factory(get_engine())


def _search(url: str, count: int, *, realistic: bool = False) -> dict[str, float]:
    """The 8-word search (cached text matches), or with --realistic the realistic spread
    (bench/realistic.py), after the start-up warm-up the server does; also the thread's CPU time
    a request (what a shared machine disturbs least)."""
    import orjson

    from app.core.cursors import FIRST_PAGE
    from app.streams import service, warmup
    from app.streams.catalogue import current_catalogue
    from app.streams.filters import TERM_FILTERS, StreamFilters
    from app.streams.service import checked_filters
    from bench.realistic import realistic_calls
    from bench.suites.streams import search_call

    sessions = _session_factory(url)
    today = dt.date.today()
    stages: dict[str, list[float]] = defaultdict(list)
    spread = realistic_calls(url, count=count + 100) if realistic else []
    with sessions() as session:
        warmup.warm(session)
    cpu = 0.0
    for i in range(-100, count):
        p = spread[i + 100].params if realistic else search_call(i).params
        terms = {v: [p[v]] if v in p else [] for v in TERM_FILTERS}
        boroughs = [p["borough"]] if "borough" in p else []
        with sessions() as session:
            started = time.thread_time()
            t0 = time.perf_counter()
            catalogue = current_catalogue(session)
            t1 = time.perf_counter()
            given = StreamFilters(q=p["q"], boroughs=boroughs, terms=terms)
            filters = checked_filters(session, given)
            t2 = time.perf_counter()
            found = service.search_page(
                session=session,
                filters=filters,
                sort=None,
                limit=20,
                cursor=FIRST_PAGE,
                today=today,
                every_value=catalogue.every_value,
                catalogue=catalogue,
            )
            t3 = time.perf_counter()
            orjson.dumps(found)
            t4 = time.perf_counter()
            session.rollback()
            if i >= 0:
                cpu += time.thread_time() - started
        if i >= 0:
            for name, seconds in (
                ("catalogue token check", t1 - t0),
                ("reference checks", t2 - t1),
                ("search_page", t3 - t2),
                ("JSON (orjson)", t4 - t3),
            ):
                stages[name].append(seconds)
    found_stages = {name: statistics.fmean(v) * 1000 for name, v in stages.items()}
    return {**found_stages, "CPU time of the thread": cpu / count * 1000}


def _cold(url: str, count: int) -> dict[str, float]:
    from app.streams.catalogue import load_catalogue
    from app.streams.snapshot import load_search_snapshot

    sessions = _session_factory(url)
    stages: dict[str, list[float]] = defaultdict(list)
    for _ in range(max(1, count // 100)):
        with sessions() as session:
            t0 = time.perf_counter()
            load_catalogue(session)
            t1 = time.perf_counter()
            load_search_snapshot(session)
            t2 = time.perf_counter()
        stages["load_catalogue"].append(t1 - t0)
        stages["load_search_snapshot"].append(t2 - t1)
    return {name: statistics.fmean(v) * 1000 for name, v in stages.items()}


def _organisation(url: str, count: int) -> dict[str, float]:
    from app.organisations import read, service
    from app.organisations.router import AWARDS_SHOWN
    from bench.suites.awards import _organisation as organisation_call

    sessions = _session_factory(url)
    spent: dict[str, float] = defaultdict(float)
    names = ("get_organisation", "recent_awards", "funding_totals", "possible_duplicates")
    _timed(service, names, spent)
    whole = 0.0
    for i in range(-30, count):
        org_id = unquote(organisation_call(i).path.rsplit("/", 1)[1])
        if i == 0:
            spent.clear()
        with sessions() as session:
            started = time.perf_counter()
            read.organisation_read(session=session, org_id=org_id, awards_shown=AWARDS_SHOWN)
            if i >= 0:
                whole += time.perf_counter() - started
            session.rollback()
    result = {name: seconds / count * 1000 for name, seconds in spent.items()}
    result["whole page (router)"] = whole / count * 1000
    return result


def _timed(module: Any, names: tuple[str, ...], spent: dict[str, float]) -> None:
    """Wraps `module.<name>` for each name so that its time adds up in `spent`."""
    for name in names:
        original = getattr(module, name)

        def wrapper(*args: Any, _f: Any = original, _n: str = name, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_n] += time.perf_counter() - started

        setattr(module, name, wrapper)


def _overlap(url: str, count: int, *, freeze: bool = False) -> dict[str, float]:
    from app.awards import representation, rows
    from app.overlap import candidates, service
    from app.overlap.schemas import Proposal
    from bench.suites.awards import _proposal

    sessions = _session_factory(url)
    spent: dict[str, float] = defaultdict(float)
    _timed(service, ("_checked", "_streams", "_area", "classify"), spent)
    _timed(candidates, ("recipients", "recipient_awards", "area_awards", "described_awards"), spent)
    _timed(rows, ("load",), spent)
    _timed(representation, ("row_read",), spent)
    today = dt.date.today()
    whole = 0.0
    pauses: list[float] = []
    began = [0.0]

    def collector(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        elif info["generation"] == 2:
            pauses.append(time.perf_counter() - began[0])

    gc.callbacks.append(collector)
    for i in range(-30, count):
        body = Proposal.model_validate(_proposal(i).json)
        if i == 0:
            spent.clear()
            pauses.clear()
            if freeze:
                gc.freeze()  # as the app does when it starts serving (app/main.py)
        with sessions() as session:
            started = time.perf_counter()
            answer = service.check_overlap(session=session, body=body, today=today)
            answer.model_dump_json()
            if i >= 0:
                whole += time.perf_counter() - started
            session.rollback()
    gc.callbacks.remove(collector)
    result = {name: seconds / count * 1000 for name, seconds in spent.items()}
    result["whole check (service + JSON)"] = whole / count * 1000
    # Not means: the collector's full passes over the whole run, and the longest of them.
    result["collector full passes (total)"] = sum(pauses) * 1000
    result["collector full pass (longest)"] = max(pauses, default=0) * 1000
    return result


def _import(_url: str, count: int) -> dict[str, float]:
    """Imports bench/data/grants-<count>.json (made by `python -m bench.imports --count N`) into
    a fresh seeded SQLite database in this process; the SQL time of each kind of statement."""
    from bench.imports import DATA, fresh_database

    source = DATA / f"grants-{count}.json"
    if not source.exists():
        raise SystemExit(f"{source} is missing: run python -m bench.imports --count {count}")
    url = fresh_database(DATA / "inprocess-import.db")
    os.environ["SIGNPOST_DATABASE_URL"] = url
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app.core.db import get_engine
    from app.imports.reader import iter_file
    from app.imports.service import import_grants

    engine = get_engine()
    spent: dict[str, float] = defaultdict(float)

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, *_: Any) -> None:
        conn.info["started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        kind = " ".join(statement.split()[:3])
        spent[f"SQL {kind}"] += (time.perf_counter() - conn.info["started"]) * 1000

    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        import_grants(session=session, grants=iter_file(source), file_name=source.name)
    spent["whole import with commit"] = (time.perf_counter() - started) * 1000
    spent["SQL (all)"] = sum(v for k, v in spent.items() if k.startswith("SQL "))
    return dict(sorted(spent.items(), key=lambda kv: -kv[1])[:12])


def _checking(_url: str, count: int) -> dict[str, float]:
    """µs a grant for each step of checking the first `count` grants of the million-grant bench
    file (the collector off, as an import runs it), and for sending the mapped grants to another
    process and back (pickle), the cost a checking child process would add."""
    import pickle
    from itertools import islice

    from app.imports.mapping import map_grant
    from app.imports.reader import iter_file
    from app.imports.validation import GrantValidator
    from bench.imports import DATA
    from bench.suites.imports import BOROUGHS

    source = DATA / "grants-1000000.json"
    if not source.exists():
        raise SystemExit(f"{source} is missing: run make bench-import first")
    validator, boroughs = GrantValidator(), frozenset(BOROUGHS)
    gc.disable()
    try:
        t0 = time.perf_counter()
        grants = list(islice(iter_file(source), count))
        t1 = time.perf_counter()
        for _, grant in grants:
            validator.problems(grant)
        t2 = time.perf_counter()
        records = [(row, map_grant(grant, known_boroughs=boroughs)) for row, grant in grants]
        t3 = time.perf_counter()
        sent = pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)
        t4 = time.perf_counter()
        pickle.loads(sent)
        t5 = time.perf_counter()
    finally:
        gc.enable()
    per_grant = 1e6 / len(grants)
    return {
        "parse (ijson)": (t1 - t0) * per_grant,
        "validate (schema)": (t2 - t1) * per_grant,
        "map": (t3 - t2) * per_grant,
        "pickle the mapped grant": (t4 - t3) * per_grant,
        "unpickle it": (t5 - t4) * per_grant,
    }


def _recipient_plan(url: str, _count: int) -> dict[str, float]:
    """Prints the plan of the overlap check's recipient search for the largest organisation of
    the 1,000,000-award suite (a one-year proposal, one activity and one violence type), with
    PostgreSQL's timings (EXPLAIN ANALYZE); returns its execution time."""
    from sqlalchemy import select, text

    from app.organisations.models import Organisation
    from app.overlap import candidates
    from bench.suites.awards import org_id

    sessions = _session_factory(url)
    with sessions() as session:
        postgresql = session.get_bind().dialect.name == "postgresql"
        pk = session.scalar(select(Organisation.pk).where(Organisation.org_id == org_id(0)))
        purpose = candidates._tagged({"activity": ["mentoring"], "violence_type": ["knife-crime"]})
        assert pk is not None and purpose is not None
        stmt = candidates._running_for([pk], purpose, dt.date(2021, 3, 1), dt.date(2022, 3, 1))
        sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
        explain = "EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN "
        for row in session.execute(text(explain + sql)):
            print(row[-1])
        started = time.perf_counter()
        session.execute(stmt).all()
        return {"recipient search, executed": (time.perf_counter() - started) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "what",
        choices=[
            "search",
            "cold",
            "organisation",
            "overlap",
            "import",
            "checking",
            "recipient-plan",
        ],
    )
    parser.add_argument("--database-url")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument(
        "--freeze", action="store_true", help="overlap: freeze the collector after warm-up"
    )
    parser.add_argument(
        "--realistic", action="store_true", help="search: the realistic spread of queries"
    )
    args = parser.parse_args()
    suite = "awards" if args.what in ("organisation", "overlap", "recipient-plan") else "streams"
    url = args.database_url or f"sqlite:///{ROOT / 'bench' / 'data' / f'{suite}.db'}"
    runs = {
        "search": _search,
        "cold": _cold,
        "organisation": _organisation,
        "overlap": _overlap,
        "recipient-plan": _recipient_plan,
    }
    if args.what == "checking":
        for name, us in _checking(url, args.count).items():
            print(f"{name:30} {us:8.2f} µs a grant")
        return
    if args.what == "import":
        for name, ms in _import(url, args.count).items():
            print(f"{name:40} {ms / 1000:8.2f} s (total)")
        return
    if args.what == "search":
        runs["search"] = lambda url, count: _search(url, count, realistic=args.realistic)
    if args.what == "overlap":
        runs["overlap"] = lambda url, count: _overlap(url, count, freeze=args.freeze)
    for name, ms in runs[args.what](url, args.count).items():
        # Stages are means over the requests; the collector's passes and a plan's one execution
        # are not.
        kind = "" if name.startswith(("collector", "recipient search")) else " (mean)"
        print(f"{name:30} {ms:8.2f} ms{kind}")


if __name__ == "__main__":
    main()
