"""Imports every ORM model so that `Base.metadata` is complete (Alembic, tests)."""

from __future__ import annotations

from app.auth.models import ApiKey, ApiKeyBorough, ApiKeyFunder
from app.awards.aggregate_models import AggregatedAward, AwardCell, AwardPlace
from app.awards.models import Award, AwardBorough, AwardTerm
from app.changes.models import Change
from app.core.db import Base
from app.funders.models import Funder
from app.idempotency.models import IdempotencyRecord
from app.organisations.models import Organisation
from app.publishing.models import DeliveryAttempt, OutboxEvent, Subscription, WorkerLock
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
    "ApiKey",
    "ApiKeyBorough",
    "ApiKeyFunder",
    "Award",
    "AwardBorough",
    "AwardCell",
    "AwardPlace",
    "AwardTerm",
    "Base",
    "Borough",
    "Change",
    "DeliveryAttempt",
    "EligibilityRules",
    "Funder",
    "FundingStream",
    "IdempotencyRecord",
    "Organisation",
    "OutboxEvent",
    "StreamBorough",
    "StreamSource",
    "StreamTerm",
    "Subscription",
    "VocabularyTerm",
    "WorkerLock",
]
