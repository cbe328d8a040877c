"""Subscriptions: creating, reading, confirming and ending them (no HTTP here)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.clock import as_utc, utcnow
from app.core.cursors import Cursor
from app.core.errors import InvalidInput, NotFound, every_problem
from app.core.known_ids import check_known_ids
from app.core.money import pence_to_decimal, pounds_to_pence
from app.core.pagination import SortKey, keyset_page
from app.core.settings import get_settings
from app.eligibility.profile import checked_profile
from app.funders.models import Funder
from app.publishing import events
from app.publishing.matching import SavedFilters
from app.publishing.models import DeliveryAttempt, Subscription
from app.publishing.schemas import (
    DeliveryRead,
    EligibilityProfile,
    SearchFilters,
    SubscriptionCreate,
    SubscriptionRead,
)
from app.publishing.signing import new_secret
from app.publishing.urlguard import UnsafeWebhookUrl, check_webhook_url
from app.reference.service import check_boroughs, check_terms
from app.streams.filters import TERM_FILTERS

# Deliberately loose: the confirmation email is the real test of an address.
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _search_filters(session: Session, search: SearchFilters) -> SavedFilters:
    loc: list[str | int] = ["body", "search"]
    nothing: list[str] = []
    terms: dict[str, frozenset[str]] = {}
    with every_problem() as problems:
        for name in TERM_FILTERS:
            slugs: list[str] = getattr(search, name)
            if slugs:
                terms[name] = frozenset(
                    problems.check(
                        partial(
                            check_terms,
                            session=session,
                            vocabulary=name,
                            slugs=slugs,
                            loc=[*loc, name],
                        ),
                        nothing,
                    )
                )
        boroughs = problems.check(
            lambda: check_boroughs(session=session, codes=search.borough, loc=[*loc, "borough"]),
            nothing,
        )
        funders = problems.check(
            lambda: check_known_ids(session, Funder.slug, search.funder, loc=[*loc, "funder"]),
            nothing,
        )
    return SavedFilters(
        boroughs=frozenset(boroughs),
        terms=terms,
        funders=frozenset(funders),
        age=search.age,
        amount_pence=pounds_to_pence(search.amount),
    )


def _check_profile(session: Session, profile: EligibilityProfile) -> dict[str, Any]:
    # The same checks as `POST /v1/eligibility` (422 naming the field under body.profile).
    checked = checked_profile(session, profile, loc=["body", "profile"])
    return checked.model_dump(mode="json", exclude_none=True)


def _check_channel(data: SubscriptionCreate) -> None:
    if (data.webhook_url is None) == (data.email is None):
        raise InvalidInput.field(
            ["body", "webhook_url"], "Give either a webhook_url or an email address (one of them)."
        )
    if data.search is not None and data.profile is not None:
        raise InvalidInput.field(
            ["body", "profile"], "Give either a search or an eligibility profile, not both."
        )
    if data.email is not None and not _EMAIL.match(data.email):
        raise InvalidInput.field(["body", "email"], "This is not an email address.")
    if data.webhook_url is not None:
        try:
            check_webhook_url(data.webhook_url, allow_private=get_settings().webhooks_allow_private)
        except UnsafeWebhookUrl as exc:
            raise InvalidInput.field(["body", "webhook_url"], str(exc)) from exc


def create_subscription(*, session: Session, data: SubscriptionCreate) -> tuple[Subscription, str]:
    """Saves a subscription; returns it with its management token (kept only as a hash).

    An email subscription is sent a confirmation link first and nothing else until confirmed.
    """
    _check_channel(data)
    profile = _check_profile(session, data.profile) if data.profile is not None else None
    filters = (
        None if profile is not None else _search_filters(session, data.search or SearchFilters())
    )
    token = "sps_" + secrets.token_urlsafe(32)
    subscription = Subscription(
        public_id="sub_" + secrets.token_urlsafe(12),
        token_hash=hash_token(token),
        filters=filters.to_json() if filters is not None else None,
        profile=profile,
        webhook_url=data.webhook_url,
        webhook_secret=new_secret() if data.webhook_url else None,
        email=data.email,
        digest=data.digest,
        email_token=secrets.token_urlsafe(24) if data.email else None,
        created_at=utcnow(),
    )
    session.add(subscription)
    session.flush()
    if subscription.email is not None:
        events.queue_confirmation(session, subscription)
    return subscription, token


def _find(session: Session, public_id: str) -> Subscription:
    subscription = session.scalar(select(Subscription).where(Subscription.public_id == public_id))
    if subscription is None:
        raise NotFound(f"There is no subscription {public_id!r} (or the token is not its own).")
    return subscription


def get_subscription(*, session: Session, public_id: str, token: str) -> Subscription:
    """Gets a subscription by id if `token` is its management token; a wrong token is a 404."""
    subscription = _find(session, public_id)
    if not hmac.compare_digest(subscription.token_hash, hash_token(token)):
        raise NotFound(f"There is no subscription {public_id!r} (or the token is not its own).")
    return subscription


def _by_email_token(session: Session, public_id: str, token: str) -> Subscription:
    subscription = _find(session, public_id)
    if subscription.email_token is None or not hmac.compare_digest(subscription.email_token, token):
        raise NotFound(f"There is no subscription {public_id!r} (or the link is not its own).")
    return subscription


def delete_subscription(*, session: Session, subscription: Subscription) -> None:
    """Ends a subscription; its pending events and delivery log go with it."""
    session.delete(subscription)
    session.flush()


def confirm_subscription(*, session: Session, public_id: str, token: str) -> Subscription:
    """Confirms an email address from the link in the confirmation email (idempotent)."""
    subscription = _by_email_token(session, public_id, token)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
    return subscription


def unsubscribe(*, session: Session, public_id: str, token: str) -> None:
    """Ends an email subscription from the link in any of its emails."""
    delete_subscription(session=session, subscription=_by_email_token(session, public_id, token))


def subscription_read(subscription: Subscription) -> SubscriptionRead:
    search = None
    if subscription.filters is not None:
        saved = SavedFilters.from_json(subscription.filters)
        search = SearchFilters(
            borough=sorted(saved.boroughs),
            funder=sorted(saved.funders),
            age=saved.age,
            amount=pence_to_decimal(saved.amount_pence),
            **{name: sorted(saved.terms.get(name, ())) for name in TERM_FILTERS},
        )
    profile = (
        EligibilityProfile.model_validate(subscription.profile)
        if subscription.profile is not None
        else None
    )
    return SubscriptionRead(
        id=subscription.public_id,
        channel="webhook" if subscription.channel == "webhook" else "email",
        webhook_url=subscription.webhook_url,
        email=subscription.email,
        digest="daily" if subscription.digest == "daily" else "weekly",
        search=search,
        profile=profile,
        confirmed=subscription.webhook_url is not None or subscription.confirmed_at is not None,
        created_at=as_utc(subscription.created_at),
    )


_DELIVERY_ORDER = (SortKey(DeliveryAttempt.pk, descending=True),)


def list_deliveries(
    *, session: Session, subscription: Subscription, limit: int, cursor: Cursor
) -> tuple[Sequence[DeliveryRead], str | None, int]:
    """Every attempt at sending to the subscription, newest first."""
    stmt = select(DeliveryAttempt).where(DeliveryAttempt.subscription_pk == subscription.pk)
    rows: Sequence[DeliveryAttempt]
    rows, next_cursor = keyset_page(
        session, stmt, _DELIVERY_ORDER, key_of=lambda a: [a.pk], limit=limit, cursor=cursor
    )
    total = session.scalar(stmt.with_only_columns(func.count())) or 0
    return (
        [
            DeliveryRead(
                message_id=a.message_id,
                channel="webhook" if a.channel == "webhook" else "email",
                attempted_at=as_utc(a.attempted_at),
                succeeded=a.succeeded,
                status_code=a.status_code,
                error=a.error,
                event_count=a.event_count,
                next_attempt_at=as_utc(a.next_attempt_at) if a.next_attempt_at else None,
            )
            for a in rows
        ],
        next_cursor,
        total,
    )
