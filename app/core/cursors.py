"""Opaque page cursors: the sort position of the last item served, signed and bound to the query
that produced it.

A cursor is `<payload>.<mac>`: the payload is the JSON list of the last item's sort-key values
(base64url), the mac an HMAC-SHA256 over the cursor's scope (the path and query it was made for,
less the cursor and the page size) and the payload. Anything that is not a cursor made by this
service for this very query is refused before it is parsed, so a forged, truncated or
transplanted cursor (another sort, other filters, another list) is a 422 naming `cursor`, never a
query with arbitrary values. The values are checked against the sort's types all the same: the
default secret is derived, not random (see `cursor_secret`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.core.errors import InvalidInput
from app.core.settings import get_settings
from app.core.text import has_control_characters

# Far longer than any cursor we make (a few sort keys), short enough to refuse junk unread.
MAX_CURSOR_LENGTH = 1024
_MAC_BYTES = 16
_MAX_TEXT = 500
_INT_RANGE = range(-(2**63), 2**63)
_INVALID = (
    "cursor is not valid for this query: pass back the next_cursor of the previous page, "
    "with the same path, filters and sort"
)


@cache
def _key(secret: str | None, database_url: str) -> bytes:
    if secret:
        return secret.encode()
    # Every worker on one database derives the same key, so a cursor made by one is taken by
    # the others. It is not secret: production sets SIGNPOST_CURSOR_SECRET (README).
    return hashlib.sha256(b"signpost-cursor\0" + database_url.encode()).digest()


def _mac(scope: str, payload: bytes) -> bytes:
    settings = get_settings()
    key = _key(settings.cursor_secret, settings.database_url)
    message = scope.encode() + b"\0" + payload
    return hmac.new(key, message, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _scalar(value: Any, kind: type | None) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return kind in (None, int, float) and value in _INT_RANGE
    if isinstance(value, float):
        return kind in (None, float) and math.isfinite(value)
    if isinstance(value, str):
        fits = len(value) <= _MAX_TEXT and not has_control_characters(value)
        return kind in (None, str) and fits
    return False


def _checked(value: Any, kind: type | None) -> Any:
    """`value` as the sort key of `kind` (None: any of them) holds it; ValueError otherwise."""
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        if isinstance(text, str) and tag == "d" and kind in (None, dt.date):
            return dt.date.fromisoformat(text)
        if isinstance(text, str) and tag == "t" and kind in (None, dt.datetime):
            return dt.datetime.fromisoformat(text)
    elif _scalar(value, kind):
        return value
    raise ValueError(f"not a sort value of type {kind}")


def signed(scope: str, payload: bytes) -> str:
    """The cursor of the JSON `payload` in `scope`."""
    return f"{_b64(payload)}.{_b64(_mac(scope, payload))}"


@dataclass(frozen=True)
class Cursor:
    """A page position as a request gave it (`token`; None asks for the first page) and the
    scope the cursors of its pages are bound to."""

    token: str | None = None
    scope: str = ""

    def next(self, values: Sequence[Any]) -> str:
        """The cursor of the page after the item whose sort-key values are `values`."""
        payload = json.dumps([_to_json(v) for v in values], separators=(",", ":")).encode()
        return signed(self.scope, payload)

    def values(self, kinds: Sequence[type | None]) -> list[Any] | None:
        """The sort-key values this cursor holds, one per kind (None: any); None on the first
        page. A cursor this service did not make for this scope is a 422 naming `cursor`."""
        if self.token is None:
            return None
        try:
            payload_text, _, mac_text = self.token.partition(".")
            if len(self.token) > MAX_CURSOR_LENGTH or not mac_text:
                raise ValueError("not a cursor")
            payload = _unb64(payload_text)
            if not hmac.compare_digest(_unb64(mac_text), _mac(self.scope, payload)):
                raise ValueError("not signed for this scope")
            values = json.loads(payload)
            if not isinstance(values, list) or len(values) != len(kinds):
                raise ValueError("wrong width")
            return [_checked(v, kind) for v, kind in zip(values, kinds, strict=True)]
        except (ValueError, TypeError, binascii.Error, RecursionError) as exc:
            raise InvalidInput.field(["query", "cursor"], _INVALID) from exc


FIRST_PAGE = Cursor()
