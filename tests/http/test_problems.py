from __future__ import annotations

import sqlite3

import psycopg
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from app.http.problems import install_error_handlers


def _app_raising(exc: Exception) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise exc

    return TestClient(app, raise_server_exceptions=False)


def test_a_busy_sqlite_database_is_503_with_retry_after() -> None:
    locked = OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked"))
    response = _app_raising(locked).get("/boom")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"] == "application/problem+json"


def test_an_unexpected_error_is_500_without_details() -> None:
    response = _app_raising(RuntimeError("secret SELECT * FROM keys")).get("/boom")
    assert response.status_code == 500
    assert "SELECT" not in response.text and "secret" not in response.text


def test_a_database_that_went_away_is_503_with_retry_after_not_a_500() -> None:
    """PostgreSQL restarting under a request (issue 12, load and faults): the client
    is told to retry, without the database's message."""
    gone = OperationalError(
        "SELECT 1", {}, psycopg.errors.AdminShutdown("terminating connection: secret detail")
    )
    response = _app_raising(gone).get("/boom")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    assert response.headers["content-type"] == "application/problem+json"
    assert "secret" not in response.text
