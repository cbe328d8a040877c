"""Organisations that receive awards, addressed by normalised org-id."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base


class Organisation(Base):
    __tablename__ = "organisations"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Always stored normalised (app.core.identifiers.normalise_org_id).
    org_id: Mapped[str] = mapped_column(String(160), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    # The name reduced for matching (case, punctuation, "the", "ltd" … removed).
    match_name: Mapped[str] = mapped_column(String(300), index=True, default="")
    type: Mapped[str | None] = mapped_column(String(80))
    borough_gss: Mapped[str | None] = mapped_column(ForeignKey("boroughs.gss_code"))
    # A funder-made `360G-…` id may be linked to the registered id of the same organisation.
    linked_org_id: Mapped[str | None] = mapped_column(String(160), index=True)
