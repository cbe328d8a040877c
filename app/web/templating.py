"""The pages' Jinja2 environment (autoescaped everywhere), their filters, and rendering with the
strict Content-Security-Policy every page carries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.responses import HTMLResponse

from app.core.money import pounds_text, to_pence
from app.eligibility.wording import share

_HERE = Path(__file__).parent

# Pages load nothing but this site's stylesheet and images, and run no script at all: no inline
# script can run even if something slipped past escaping, and no page can reach another host.
# `style-src 'self'` also refuses style attributes, so shading and layout are classes.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def money(value: int | float | Decimal | None) -> str:
    """£80,000 (or £1,500.50) from an amount in pounds; an empty string for none."""
    if value is None:
        return ""
    return pounds_text(to_pence(value))


def long_date(value: dt.date | str | None) -> str:
    """3 December 2026, as GOV.UK writes dates."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def days_left(value: dt.date | str | None, today: dt.date) -> str:
    """How long until a closing date, in words: '12 days left', 'closes today', 'closed'."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    left = (day - today).days
    if left < 0:
        return "closed"
    if left == 0:
        return "closes today"
    return "1 day left" if left == 1 else f"{left} days left"


environment = Environment(
    loader=FileSystemLoader(_HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def share_of(fraction: str) -> str:
    """ "1/3" as people say it: "a third"."""
    return share(Fraction(fraction))


environment.filters.update(money=money, long_date=long_date, share=share_of)
environment.globals.update(days_left=days_left)


def render(
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The page, with the pages' Content-Security-Policy (the API's other security headers are
    added to every answer by `SecurityHeadersMiddleware`)."""
    body = environment.get_template(template).render(context)
    response = HTMLResponse(body, status_code=status_code, headers=headers)
    response.headers["Content-Security-Policy"] = PAGE_CSP
    return response
