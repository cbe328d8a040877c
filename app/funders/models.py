"""Funders: the organisations that run funding streams and make awards."""

from __future__ import annotations

from sqlalchemy import Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base


class Funder(Base):
    __tablename__ = "funders"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Readable public id, e.g. `greater-london-authority`.
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    org_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(60), default="")
    url: Mapped[str | None] = mapped_column(String(500))
    source_url: Mapped[str | None] = mapped_column(String(500))
    # Optimistic concurrency: every UPDATE says `WHERE version = <the version read>` and bumps it.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own dict
