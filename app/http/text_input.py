"""Every text a request gives (path, query, JSON body) is refused with a 422 naming where, if it
holds NUL or another control character (app/core/text.py): one check, before any handler or
database sees the request."""

from __future__ import annotations

from email.message import Message

from fastapi import Request

from app.core.errors import InvalidInput
from app.core.text import CONTROL_CHARACTERS_MESSAGE, Location, control_character_locations


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False  # FastAPI (strict about content types) does not parse it as JSON
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


async def refuse_control_characters(request: Request) -> None:
    """An app-wide dependency. The JSON body is the one FastAPI has already parsed (Starlette
    keeps it), and is looked at only for routes that take one: a route reading its own body
    stream (360Giving uploads) is left alone."""
    found: list[Location] = []
    for name, value in request.path_params.items():
        found += control_character_locations(str(value), ["path", name])
    for name, value in request.query_params.multi_items():
        if control_character_locations([name, value], []):
            found.append(["query", name])
    route = request.scope.get("route")
    if getattr(route, "body_field", None) is not None and _is_json(
        request.headers.get("content-type")
    ):
        body = await request.body()
        if body:
            found += control_character_locations(await request.json(), ["body"])
    if found:
        raise InvalidInput(
            f"Invalid value for: {', '.join('.'.join(map(str, loc)) for loc in found)}",
            errors=[{"loc": loc, "msg": CONTROL_CHARACTERS_MESSAGE} for loc in found],
        )
