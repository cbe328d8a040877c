"""A fund's page in a real browser: its rules, similar funds, and its closing date as a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from icalendar import Calendar

from tests.web.accessibility import assert_accessible

STREAM = "illustrative-youth-mentoring-fund-2027"
NAME = "Youth Mentoring and Youth Work Fund 2027 (illustrative)"


def test_a_fund_page_shows_its_rules_and_downloads_its_calendar_file(page: Any, shoot: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name=NAME).first.click()
    assert page.url.endswith(f"/streams/{STREAM}")
    assert page.locator("#rules .summary-list__row").count() > 0
    assert page.get_by_role("heading", name="Similar funds").is_visible()
    assert_accessible(page, "fund page")
    shoot(page, "stream")
    with page.expect_download() as download:
        page.locator("#add-to-calendar").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["uid"]).startswith(f"{STREAM}.closes@")


def test_an_unknown_fund_is_a_page_not_found(page: Any) -> None:
    response = page.goto("/streams/no-such-fund")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_accessible(page, "page not found")


def test_a_fund_page_and_its_calendar_file_work_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    page.goto(f"/streams/{STREAM}")
    with page.expect_download() as download:
        page.locator("#add-to-calendar").click()
    assert b"BEGIN:VEVENT" in Path(download.value.path()).read_bytes()
