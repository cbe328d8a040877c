"""API keys: who may write, and what they may touch. Only a hash of each key is stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base
from app.funders.models import Funder

ROLES: tuple[str, ...] = ("admin", "funder", "commissioner")


class ApiKey(Base):
    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'funder', 'commissioner')", name="known_role"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Names are never reused: the change log credits writes to them.
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # sha256 of the key; the key itself is shown once at creation and never stored.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the key, so that people can tell their keys apart in `keys list`.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    funders: Mapped[list[ApiKeyFunder]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    boroughs: Mapped[list[ApiKeyBorough]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class ApiKeyFunder(Base):
    """A funder whose streams and awards a `funder` key may write."""

    __tablename__ = "api_key_funders"

    key_pk: Mapped[int] = mapped_column(
        ForeignKey("api_keys.pk", ondelete="CASCADE"), primary_key=True
    )
    # Deleting a funder takes it out of every key's scope.
    funder_pk: Mapped[int] = mapped_column(
        ForeignKey("funders.pk", ondelete="CASCADE"), primary_key=True
    )

    funder: Mapped[Funder] = relationship(lazy="joined", innerjoin=True)


class ApiKeyBorough(Base):
    """A borough a `commissioner` key answers for."""

    __tablename__ = "api_key_boroughs"

    key_pk: Mapped[int] = mapped_column(
        ForeignKey("api_keys.pk", ondelete="CASCADE"), primary_key=True
    )
    gss_code: Mapped[str] = mapped_column(ForeignKey("boroughs.gss_code"), primary_key=True)
