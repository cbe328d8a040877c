"""Imports every ORM model so that `Base.metadata` is complete (Alembic, tests)."""

from __future__ import annotations

from app.awards.models import Award, AwardBorough, AwardTerm
from app.db import Base
from app.funders.models import Funder
from app.insights.models import AggregatedAward, AwardCell, AwardPlace
from app.organisations.models import Organisation
from app.reference.models import Borough, VocabularyTerm
from app.streams.models import (
    EligibilityRules,
    FundingStream,
    StreamBorough,
    StreamSource,
    StreamTerm,
)

__all__ = [
    "AggregatedAward",
    "Award",
    "AwardBorough",
    "AwardCell",
    "AwardPlace",
    "AwardTerm",
    "Base",
    "Borough",
    "EligibilityRules",
    "Funder",
    "FundingStream",
    "Organisation",
    "StreamBorough",
    "StreamSource",
    "StreamTerm",
    "VocabularyTerm",
]
