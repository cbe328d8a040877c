"""Following the links in alert emails as a person does: a page, then its button."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def confirm_by_link(api: TestClient, email_text: str) -> None:
    """Opens the email's confirmation link (a page) and presses its button."""
    link = re.search(r"http://signpost\.test(/alerts/\S+/confirm)\?token=\S+", email_text)
    assert link is not None, email_text
    page = api.get(link.group(0).removeprefix("http://signpost.test"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert csrf is not None and token is not None
    done = api.post(link.group(1), data={"csrf_token": csrf.group(1), "token": token.group(1)})
    assert done.status_code == 200 and "Alerts confirmed" in done.text
