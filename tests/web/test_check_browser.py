"""Check before awarding in a real browser: a proposal that repeats an award is high risk."""

from __future__ import annotations

from typing import Any

from tests.web.accessibility import assert_accessible


def _propose(page: Any) -> None:
    page.get_by_label("Recipient's name").fill("Croydon BME Forum")
    page.get_by_label("Description").fill("Training for grassroots groups")
    page.get_by_label("Start date").fill("2018-06-01")
    page.get_by_label("End date").fill("2019-01-31")
    page.get_by_text("Boroughs", exact=True).click()
    page.locator("#boroughs").get_by_label("Croydon").check()
    page.locator("#activities").get_by_label("Capacity building", exact=False).first.check()


def test_an_overlap_check_shows_a_high_risk_match_with_its_reasons(page: Any, shoot: Any) -> None:
    page.goto("/check")
    assert "Nothing you enter here is stored or logged" in page.inner_text("main")
    assert_accessible(page, "check, empty")
    shoot(page, "check-empty")
    _propose(page)
    page.get_by_role("button", name="Check for overlap").click()
    assert page.locator("#risk .tag").inner_text() == "High"
    assert page.get_by_role("heading", name="Same recipient, same purpose (1)").is_visible()
    assert page.locator(".match li").count() > 0
    assert "Nothing about your proposal has been stored or logged" in page.inner_text("main")
    assert "Croydon" not in page.url
    assert_accessible(page, "check, result")
    shoot(page, "check-result")


def test_a_refused_proposal_names_its_fields(page: Any, shoot: Any) -> None:
    page.goto("/check")
    page.get_by_label("Amount, in pounds").fill("a lot")
    page.get_by_role("button", name="Check for overlap").click()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#amount-error").is_visible()
    assert_accessible(page, "check, errors")
    shoot(page, "check-errors")


def test_the_check_works_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    page.goto("/check")
    _propose(page)
    page.get_by_role("button", name="Check for overlap").click()
    assert page.locator("#risk .tag").inner_text() == "High"
