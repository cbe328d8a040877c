"""What `/metrics` reports of the alert outbox, read from the database at each scrape (the same
figures whichever worker answers)."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.publishing.delivery import backlog


class OutboxBacklog(Collector):
    """Events not yet delivered, and how long the oldest has waited."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def collect(self) -> Iterable[Metric]:
        count, age = backlog(self.session, now=utcnow())
        yield GaugeMetricFamily(
            "signpost_outbox_pending_events", "Alert events not yet delivered.", value=count
        )
        yield GaugeMetricFamily(
            "signpost_outbox_oldest_pending_seconds",
            "Age of the oldest undelivered alert event (0 when none).",
            value=age,
        )
