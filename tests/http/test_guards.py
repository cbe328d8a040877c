"""Security headers, CORS, body size and rate limits, on the real middleware stack."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.settings import Settings
from app.http.sessions import get_session
from app.main import create_app


def _client(session: Session, **settings: int) -> Iterator[TestClient]:
    app = create_app(Settings(**settings))  # type: ignore[arg-type]

    def override() -> Iterator[Session]:
        yield session

    app.dependency_overrides[get_session] = override
    with TestClient(app) as client:
        yield client


@pytest.fixture
def strict(session: Session) -> Iterator[TestClient]:
    yield from _client(session, rate_limit_per_address=3, max_body_bytes=1000)


@pytest.mark.parametrize("path", ["/v1/boroughs", "/v1/streams/no-such-stream", "/healthz"])
def test_every_answer_carries_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_cors_is_open_for_reads(client: TestClient) -> None:
    response = client.get("/v1/boroughs", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/v1/boroughs",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
def test_cors_is_closed_for_writes(client: TestClient, method: str) -> None:
    preflight = client.options(
        "/v1/streams/x",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": method},
    )
    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers
    answer = client.post("/v1/streams", json={}, headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in answer.headers


def test_a_body_over_the_limit_is_413(strict: TestClient) -> None:
    response = strict.post("/v1/streams", content=b"x" * 1001)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_streamed_body_over_the_limit_is_413(strict: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"x" * 400

    assert strict.post("/v1/streams", content=chunks()).status_code == 413


def test_the_default_body_limit_is_one_megabyte(client: TestClient) -> None:
    assert client.post("/v1/streams", content=b"x" * (1024 * 1024 + 1)).status_code == 413


def test_a_360giving_upload_may_be_larger_than_other_bodies(client: TestClient) -> None:
    body = b"x" * (1024 * 1024 + 1)
    # Past the size check (no key: 401), where any other endpoint refuses the same body.
    assert client.post("/v1/imports/360giving", content=body).status_code == 401
    assert client.post("/v1/awards", content=body).status_code == 413


def test_past_the_address_rate_limit_is_429_with_retry_after(strict: TestClient) -> None:
    statuses = [strict.get("/v1/boroughs").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = strict.get("/v1/boroughs")
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["status"] == 429


def test_past_the_key_rate_limit_is_429(session: Session) -> None:
    from app.auth.service import create_key

    secret = create_key(session=session, name="rate-test", role="admin").secret
    for client in _client(session, rate_limit_per_key=2, rate_limit_per_address=0):
        headers = {"Authorization": f"Bearer {secret}"}
        statuses = [
            client.post("/v1/funders", json={}, headers=headers).status_code for _ in range(3)
        ]
        assert statuses == [422, 422, 429]


def test_errors_show_no_sql_or_stack_trace(client: TestClient) -> None:
    body = client.get("/v1/awards", params={"cursor": "%%%"}).text
    assert "Traceback" not in body and "SELECT" not in body
