"""Publishing costs outside HTTP: fanning one stream change out to N saved searches (paid inside
the write transaction), and webhook delivery throughput of one worker to a local receiver.

    python -m bench.publishing [--database-url URL] [--subscriptions N] [--webhooks M]
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import utcnow
from app.core.db import make_engine
from app.core.settings import Settings
from app.funders.models import Funder
from app.ops import migrate
from app.ops.seeding import load_seed
from app.publishing.events import record_stream_events, snapshot_of
from app.publishing.models import Subscription
from app.publishing.signing import new_secret
from app.publishing.worker import Worker
from app.streams.models import FundingStream

ACTIVITIES = ["mentoring", "sport", "arts", "mediation", "youth-clubs"]


class _Ok(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["content-length"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _subscriptions(session: Session, count: int, url: str, matching_every: int) -> None:
    for n in range(count):
        activity = "mentoring" if n % matching_every == 0 else ACTIVITIES[1 + n % 4]
        session.add(
            Subscription(
                public_id=f"sub_bench_{n}",
                token_hash=secrets.token_hex(32),
                filters={"activity": [activity], "borough": ["E09000023"]},
                webhook_url=url,
                webhook_secret=new_secret(),
                digest="weekly",
                created_at=utcnow(),
            )
        )


def _stream(session: Session, slug: str) -> FundingStream:
    funder = session.scalars(select(Funder).limit(1)).one()
    stream = FundingStream(slug=slug, funder=funder, name=slug, currency="GBP")
    stream.set_slugs("activity", ["mentoring"])
    session.add(stream)
    session.flush()
    return stream


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--webhooks", type=int, default=500)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/publishing-bench.db"
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions.begin() as session:
        load_seed(session)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    Thread(target=server.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
    matching_every = max(args.subscriptions // args.webhooks, 1)
    with sessions.begin() as session:
        _subscriptions(session, args.subscriptions, hook, matching_every)
    timings = []
    for run in range(5):
        with sessions.begin() as session:
            stream = _stream(session, f"bench-round-{run}")
            started = time.perf_counter()
            events = record_stream_events(session, before=None, after=snapshot_of(stream))
            timings.append(time.perf_counter() - started)
            if run:
                session.rollback()
                continue
    print(
        f"fan-out of one new stream to {args.subscriptions} subscriptions "
        f"({len(events)} match): median {sorted(timings)[2] * 1000:.0f} ms"
    )
    worker = Worker(
        sessions=sessions,
        settings=Settings(webhooks_allow_private=True, worker_batch_size=100),
    )
    started = time.perf_counter()
    sent = 0
    while (report := worker.run_once()).sent:
        sent += report.sent
    elapsed = time.perf_counter() - started
    print(f"one worker delivered {sent} signed webhooks in {elapsed:.2f} s: {sent / elapsed:.0f}/s")
    server.shutdown()
    engine.dispose()


if __name__ == "__main__":
    main()
