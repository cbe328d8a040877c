from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.service import create_key

FIXTURES = Path(__file__).parent / "fixtures"
COVID = FIXTURES / "covid19_tracker_grants_2020-05-07.json"
LONDON = FIXTURES / "covid19_tracker_grants_london_subset.json"


def grant(n: int = 1, **changes: Any) -> dict[str, Any]:
    """A valid 360Giving grant, with any field replaced (None removes it)."""
    base: dict[str, Any] = {
        "id": f"360G-test-{n}",
        "title": f"Grant {n}",
        "description": "Youth work",
        "currency": "GBP",
        "amountAwarded": 1000 + n,
        "awardDate": "2024-04-01",
        "recipientOrganization": [{"id": f"GB-CHC-{100000 + n}", "name": f"Charity {n}"}],
        "fundingOrganization": [{"id": "GB-CHC-1035628", "name": "City Bridge Trust"}],
        "beneficiaryLocation": [{"name": "Hackney", "geoCode": "E09000012", "geoCodeType": "LONB"}],
    }
    for key, value in changes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


@pytest.fixture
def write_package(tmp_path: Path) -> Any:
    def write(grants: list[Any], name: str = "grants.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps({"grants": grants}), encoding="utf-8")
        return path

    return write


@pytest.fixture
def admin(session: Session) -> dict[str, str]:
    """The headers of an admin key."""
    key = create_key(session=session, name="test-imports-admin", role="admin")
    return {"Authorization": f"Bearer {key.secret}"}


def post_grants(client: TestClient, admin: dict[str, str], *grants: Any) -> dict[str, Any]:
    """Imports `grants` as one JSON package over HTTP; the report (the import must answer 200)."""
    body = json.dumps({"grants": list(grants)}).encode()
    response = client.post("/v1/imports/360giving", content=body, headers=admin)
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report
