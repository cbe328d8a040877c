"""The OpenAPI document states every status each operation can answer, with the problem schema,
and every media type: a client generated from `/openapi.json` handles them all.

FastAPI documents the 2xx answer and a 422 in its own validation shape; the rest (refusals of
the guards, the auth, the write preconditions, the problem+json body of each) are facts of this
service's shared plumbing, so they are added here from what each documented operation is:
whether it writes, takes path parameters, a key, a token, `If-Match` or `Idempotency-Key`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.http.problems import PROBLEM_JSON

PROBLEM = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "The fields at fault: where (`loc`) and what is wrong (`msg`).",
            "items": {
                "type": "object",
                "required": ["loc", "msg"],
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                },
            },
        },
    },
}

WHY = {
    304: "Not modified: the `If-None-Match` ETag is current.",
    400: "The body is not UTF-8 or JSON, is nested too deeply or holds an oversized number.",
    401: "No live API key (or a wrong token).",
    403: "The key may not do this (role or scope).",
    404: "No such resource.",
    409: "Conflict: the id exists, the record has dependants, or the same Idempotency-Key is "
    "in flight.",
    412: "`If-Match` names a version that is no longer current.",
    413: "The body is larger than the service takes.",
    422: "Invalid input: `errors` names each field at fault.",
    428: "`If-Match` is required.",
    429: "Too many requests: wait `Retry-After` seconds.",
    503: "Busy or not ready: try again after `Retry-After` seconds.",
}
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Free text as the service takes it (app/core/text.py): no control characters but tab, LF, CR.
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"


def _document_text(node: Any, components: dict[str, Any]) -> None:
    """Gives every free-text string schema of a request (`node` and the components it refers
    to) the pattern the service enforces. Answers are left alone: they only echo input."""
    pending, seen = [node], set()
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            free = not {"pattern", "format", "enum", "const"} & set(item)
            if item.get("type") == "string" and free:
                item["pattern"] = TEXT_PATTERN
            ref = item.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                seen.add(ref)
                pending.append(components.get(ref.rsplit("/", 1)[-1]))
            pending.extend(item.values())


def _statuses(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    params = {(p["in"], p["name"].lower()) for p in operation.get("parameters", [])}
    found = {422, 429}
    if method == "GET":
        found.add(304)
    if method in _WRITES:
        found |= {400, 413, 503}  # a write may also meet a busy SQLite database
    if any(where == "path" for where, _ in params):
        found.add(404)
    if "security" in operation:
        found |= {401, 403, 409}
    if ("header", "authorization") in params:
        found.add(401)
    if ("header", "if-match") in params:
        found |= {409, 412, 428}
    if ("header", "idempotency-key") in params:
        found.add(409)
    if path == "/readyz":
        found.add(503)
    return found


def _problem_response(status: int) -> dict[str, Any]:
    if status == 304:
        return {"description": WHY[status]}
    schema = {"$ref": "#/components/schemas/Problem"}
    return {"description": WHY[status], "content": {PROBLEM_JSON: {"schema": schema}}}


def document_problems(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document with every operation's problem answers (made once, then kept)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM
    # FastAPI's own validation shapes: never sent, a 422 is a Problem.
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            _document_text(operation.get("requestBody"), components)
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query"):  # headers are not checked for text
                    _document_text(parameter.get("schema"), components)
                # Optional to FastAPI only so that its absence is our 428, not a 422.
                if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
                    parameter["required"] = True
            responses = operation.setdefault("responses", {})
            for status in sorted(_statuses(path, method.upper(), operation)):
                responses[str(status)] = _problem_response(status)
    app.openapi_schema = schema
    return schema


def install_openapi(app: FastAPI) -> None:
    app.openapi = lambda: document_problems(app)  # type: ignore[method-assign]
