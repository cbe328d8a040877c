"""Cross-site request forgery protection for the pages' writing forms: a random token in a
SameSite=Strict, HttpOnly cookie and the same token in a hidden field (double submit). Another
site can make a browser POST, but can neither read nor set the cookie to match the field."""

from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "signpost_csrf"
FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    """The browser's token, or a new one (set it with `remember`)."""
    token = request.cookies.get(COOKIE, "")
    return token if len(token) >= 32 else secrets.token_urlsafe(32)


def remember(request: Request, response: Response, token: str) -> None:
    if request.cookies.get(COOKIE) != token:
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )


def csrf_ok(request: Request, form: FormData) -> bool:
    """Whether the form carries the token of the browser's cookie."""
    cookie = request.cookies.get(COOKIE, "")
    sent = form.get(FIELD)
    return bool(cookie) and isinstance(sent, str) and hmac.compare_digest(cookie, sent)
