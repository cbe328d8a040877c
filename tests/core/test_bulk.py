"""`insert_many` stores exactly what SQLAlchemy's own executemany stores."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.awards.aggregate_models import AwardCell
from app.awards.models import Award
from app.changes.models import Change
from app.core.bulk import insert_many
from app.core.db import json_text
from app.funders.models import Funder
from app.organisations.models import Organisation


def _award_rows(session: Session, prefix: str) -> list[dict[str, Any]]:
    funder_pk = session.scalar(select(func.min(Funder.pk)))
    recipient_pk = session.scalar(select(func.min(Organisation.pk)))
    return [
        {
            "identifier": f"{prefix}-{n}",
            "funder_pk": funder_pk,
            "recipient_pk": recipient_pk,
            "stream_pk": None,
            "title": 'Café ☕ "quoted"',
            "description": "",
            "amount_pence": 10**12 + n,
            "currency": "GBP",
            "award_date": dt.date(2024, 2, 29) if n else None,
            "planned_start": None,
            "planned_end": dt.date(2025, 1, 1),
            "locations": "",
            "raw": {"id": n, "amount": 1.5, "nested": [None, "é"]} if n else None,
            "provenance": "import",
            "import_file": None,
            "import_row": n,
            # Given, not left to the database's clock: the two inserts may fall in two seconds.
            "created_at": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            "updated_at": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        }
        for n in range(3)
    ]


def _stored(session: Session, table: Table, where: str, *, leave_out: str) -> list[Any]:
    """The rows as stored (no result processing), but for the pk and `leave_out`."""
    names = [c.name for c in table.columns if c.name not in ("pk", leave_out)]
    query = f"SELECT {', '.join(names)} FROM {table.name} WHERE {where} ORDER BY pk"
    return [tuple(row) for row in session.execute(text(query))]


def test_award_rows_are_stored_as_the_core_executemany_stores_them(session: Session) -> None:
    table = cast(Table, Award.__table__)
    session.execute(insert(table), _award_rows(session, "core"))
    insert_many(session, table, _award_rows(session, "bulk"))

    core, bulk = (
        _stored(session, table, f"identifier LIKE '{prefix}-%'", leave_out="identifier")
        for prefix in ("core", "bulk")
    )
    assert len(bulk) == 3 and core == bulk


def test_change_rows_with_json_and_times_are_stored_alike(session: Session) -> None:
    table = cast(Table, Change.__table__)
    at = dt.datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=dt.UTC)

    def rows(actor: str) -> list[dict[str, Any]]:
        return [
            {
                "txid": 0,
                "at": at,
                "actor": actor,
                "action": "create",
                "resource": "award",
                "resource_id": "360G-x",
                "changes": {"amount": {"before": None, "after": 12.5}},
            }
        ]

    session.execute(insert(table), rows("core-actor"))
    insert_many(session, table, rows("bulk-actor"))
    core, bulk = (
        _stored(session, table, f"actor = '{actor}'", leave_out="actor")
        for actor in ("core-actor", "bulk-actor")
    )
    assert len(bulk) == 1 and core == bulk


def test_an_upsert_statement_runs_as_sqlalchemy_runs_it(session: Session) -> None:
    table = cast(Table, AwardCell.__table__)
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite

    def upsert() -> Any:
        stmt = module.insert(table)
        return stmt.on_conflict_do_update(
            index_elements=["dims", "key_a", "key_b", "month"],
            set_={"award_count": table.c.award_count + stmt.excluded.award_count},
        )

    def rows(dims: str) -> list[dict[str, Any]]:
        return [
            {
                "dims": dims,
                "key_a": "a",
                "key_b": "",
                "month": m,
                "amount_pence": 5,
                "award_count": 1,
            }
            for m in (202401, 202402)
        ]

    for _ in range(2):  # the second round updates the rows the first created
        session.execute(upsert(), rows("core-test"))
        insert_many(session, table, rows("bulk-test"), statement=upsert())
    stored = {
        dims: sorted(
            session.execute(
                select(table.c.month, table.c.amount_pence, table.c.award_count).where(
                    table.c.dims == dims
                )
            ).all()
        )
        for dims in ("core-test", "bulk-test")
    }
    assert stored["bulk-test"] == stored["core-test"] == [(202401, 5, 2), (202402, 5, 2)]


def test_json_columns_are_written_compactly_and_what_orjson_refuses_still_stores() -> None:
    assert json_text({"a": [1, 2.5, None, "é"]}) == '{"a":[1,2.5,null,"é"]}'
    # Beyond 64 bits and non-string keys: the standard encoder, as before.
    assert json.loads(json_text({"big": 2**70})) == {"big": 2**70}
    assert json.loads(json_text({1: "one"})) == {"1": "one"}
