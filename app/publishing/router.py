from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from app.core.errors import Unauthorized
from app.core.schemas import Page
from app.http.cursors import CursorDep
from app.http.params import LimitQuery
from app.http.sessions import SessionDep
from app.publishing import service
from app.publishing.models import Subscription
from app.publishing.schemas import (
    DeliveryRead,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionRead,
)

router = APIRouter(prefix="/v1/subscriptions", tags=["publishing"])

Authorization = Annotated[
    str | None,
    Header(description="`Bearer <token>`: the management token given when subscribing."),
]
LinkToken = Annotated[str, Query(max_length=200, description="The token from the email's link.")]


def _subscription(
    session: SessionDep, subscription_id: str, authorization: str | None
) -> Subscription:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send the subscription's management token as `Authorization: Bearer …`.")
    return service.get_subscription(session=session, public_id=subscription_id, token=token.strip())


@router.post("", response_model=SubscriptionCreated, status_code=status.HTTP_201_CREATED)
def create_subscription(data: SubscriptionCreate, session: SessionDep) -> SubscriptionCreated:
    """Saves a search (or an eligibility profile) to be alerted about, by webhook or email.

    The answer holds the management token and, for webhooks, the signing secret: both are shown
    only now. An email address gets a confirmation link first, and nothing else until it is used.
    """
    subscription, token = service.create_subscription(session=session, data=data)
    read = service.subscription_read(subscription)
    return SubscriptionCreated(
        **read.model_dump(), token=token, webhook_secret=subscription.webhook_secret
    )


@router.get("/{subscription_id}", response_model=SubscriptionRead)
def get_subscription(
    subscription_id: str, session: SessionDep, authorization: Authorization = None
) -> SubscriptionRead:
    return service.subscription_read(_subscription(session, subscription_id, authorization))


@router.delete("/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_subscription(
    subscription_id: str, session: SessionDep, authorization: Authorization = None
) -> Response:
    subscription = _subscription(session, subscription_id, authorization)
    service.delete_subscription(session=session, subscription=subscription)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{subscription_id}/deliveries", response_model=Page[DeliveryRead])
def list_deliveries(
    subscription_id: str,
    session: SessionDep,
    cursor: CursorDep,
    authorization: Authorization = None,
    limit: LimitQuery = 50,
) -> Page[DeliveryRead]:
    """Every attempt at sending to this subscription, newest first."""
    subscription = _subscription(session, subscription_id, authorization)
    items, next_cursor, total = service.list_deliveries(
        session=session, subscription=subscription, limit=limit, cursor=cursor
    )
    return Page(items=list(items), next_cursor=next_cursor, total=total)


@router.get("/{subscription_id}/confirm", response_model=SubscriptionRead)
def confirm_subscription(
    subscription_id: str, token: LinkToken, session: SessionDep
) -> SubscriptionRead:
    """The link in the confirmation email: starts the emails."""
    subscription = service.confirm_subscription(
        session=session, public_id=subscription_id, token=token
    )
    return service.subscription_read(subscription)


@router.get("/{subscription_id}/unsubscribe")
def unsubscribe(subscription_id: str, token: LinkToken, session: SessionDep) -> dict[str, str]:
    """The link in every email: ends the subscription."""
    service.unsubscribe(session=session, public_id=subscription_id, token=token)
    return {"status": "unsubscribed"}


@router.post("/{subscription_id}/unsubscribe")
def unsubscribe_one_click(
    subscription_id: str, token: LinkToken, session: SessionDep
) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe (mail clients POST to the `List-Unsubscribe` link)."""
    return unsubscribe(subscription_id, token, session)
