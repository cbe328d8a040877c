"""Emails to subscribers: the confirmation request and the daily or weekly digest, over SMTP."""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import make_msgid

from app.core.settings import Settings
from app.publishing.models import OutboxEvent, Subscription
from app.streams.feeds import titled

_HEADINGS = {
    "stream.published": "New funding",
    "stream.changed": "Changed closing dates or amounts",
    "stream.closing": "Closing soon",
}


def digest_period(digest: str, now: dt.datetime) -> str:
    """The period an email belongs to: the UTC day, or the ISO week for weekly digests."""
    if digest == "daily":
        return now.date().isoformat()
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def _links(settings: Settings, subscription: Subscription) -> tuple[str, str, str]:
    """The confirmation and unsubscribe links a person opens (pages, app/web), and the API's
    one-click unsubscribe that mail clients POST to (RFC 8058)."""
    base = settings.public_base_url.rstrip("/")
    token = f"?token={subscription.email_token}"
    page = f"{base}/alerts/{subscription.public_id}"
    return (
        f"{page}/confirm{token}",
        f"{page}/unsubscribe{token}",
        f"{base}/v1/subscriptions/{subscription.public_id}/unsubscribe{token}",
    )


def _message(
    settings: Settings, subscription: Subscription, subject: str, text: str
) -> EmailMessage:
    _, unsubscribe, one_click = _links(settings, subscription)
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = subscription.email or ""
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="signpost.london")
    # RFC 8058 one-click unsubscribe: mail clients POST to the link.
    message["List-Unsubscribe"] = f"<{one_click}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(f"{text}\n\n--\nTo stop these emails, unsubscribe: {unsubscribe}\n")
    return message


def confirmation_message(settings: Settings, subscription: Subscription) -> EmailMessage:
    confirm, _, _ = _links(settings, subscription)
    text = (
        "Someone (we hope you) asked Signpost to email this address about London "
        f"violence-prevention funding, as a {subscription.digest} digest.\n\n"
        f"To start the emails, confirm here: {confirm}\n\n"
        "If it was not you, ignore this email: nothing more will be sent."
    )
    return _message(settings, subscription, "Confirm your Signpost funding alerts", text)


def _line(event: OutboxEvent) -> str:
    data = event.payload.get("data", {})
    stream = data.get("stream", {})
    name = titled(
        str(stream.get("name", event.stream_slug)), illustrative=bool(stream.get("illustrative"))
    )
    parts = [f"- {name} ({stream.get('funder', '')})"]
    if stream.get("closes_on"):
        parts.append(f"closes {stream['closes_on']}")
    if "days_left" in data:
        left = data["days_left"]
        parts.append("closes today" if left == 0 else f"{left} day{'s' if left != 1 else ''} left")
    for name, change in data.get("changes", {}).items():
        parts.append(f"{name.replace('_', ' ')}: {change['from']} -> {change['to']}")
    parts.append(str(stream.get("url") or stream.get("api_url", "")))
    return "; ".join(parts[:-1]) + f"\n  {parts[-1]}"


def digest_message(
    settings: Settings, subscription: Subscription, events: Sequence[OutboxEvent]
) -> EmailMessage:
    sections = []
    for event_type, heading in _HEADINGS.items():
        lines = [_line(e) for e in events if e.type == event_type]
        if lines:
            sections.append(f"{heading}\n" + "\n".join(lines))
    count = len(events)
    subject = f"Signpost: {count} funding update{'s' if count != 1 else ''} for your saved search"
    return _message(settings, subscription, subject, "\n\n".join(sections))


def send_email(settings: Settings, message: EmailMessage) -> None:
    """Sends one message through the configured SMTP server; raises on failure."""
    timeout = settings.webhook_timeout_seconds
    smtp: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        context = ssl.create_default_context()
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    with smtp:
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)
