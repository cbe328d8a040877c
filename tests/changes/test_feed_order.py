"""On PostgreSQL, a change committed after a reader passed its place must still reach the reader."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.changes.service import list_changes, record_change
from app.core.cursors import FIRST_PAGE
from app.core.db import make_engine


def _log(session: Session, resource_id: str) -> None:
    record_change(
        session,
        actor="test",
        resource="funder",
        resource_id=resource_id,
        before=None,
        after={"name": resource_id},
    )


def _seen(engine: Engine, prefix: str) -> list[str]:
    with Session(engine) as reader:
        rows, _ = list_changes(
            session=reader,
            since=None,
            resources=["funder"],
            resource_id=None,
            limit=200,
            cursor=FIRST_PAGE,
        )
        return [r.resource_id for r in rows if r.resource_id.startswith(prefix)]


def test_an_entry_of_a_running_transaction_holds_back_later_ones(
    database_url: str, engine: Engine
) -> None:
    """`engine` (the migrated test database) is asked for so the schema exists."""
    own = make_engine(database_url)  # its own connections, outside the test transaction
    if own.dialect.name != "postgresql":
        own.dispose()
        pytest.skip("SQLite runs one writer at a time: entries commit in order")
    prefix = f"feed-{uuid.uuid4().hex[:8]}"
    slow, fast = Session(own), Session(own)
    try:
        _log(slow, f"{prefix}-slow")  # its transaction starts first, and stays open
        _log(fast, f"{prefix}-fast")
        fast.commit()
        # A reader now must not be shown the later entry: following its cursor past it would
        # skip the earlier one when it commits.
        assert _seen(own, prefix) == []
        slow.commit()
        # Both appear, in order, once no older transaction on the server is still running
        # (other work on the same server can hold that moment back a little).
        deadline = time.monotonic() + 60
        while (seen := _seen(own, prefix)) != [f"{prefix}-slow", f"{prefix}-fast"]:
            assert time.monotonic() < deadline, seen
            time.sleep(0.2)
    finally:
        slow.close()
        fast.close()
        with own.begin() as connection:
            connection.exec_driver_sql(
                "DELETE FROM changes WHERE resource_id LIKE %s", (f"{prefix}%",)
            )
        own.dispose()
