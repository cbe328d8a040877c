"""Where money goes, an organisation's history and the about page in a real browser."""

from __future__ import annotations

from typing import Any

from tests.web.accessibility import assert_accessible


def test_the_priorities_map_table_gaps_and_csv(page: Any, shoot: Any) -> None:
    page.goto("/priorities")
    assert page.locator(".cartogram__cell").count() == 33
    assert page.locator(".table--matrix tbody tr").count() > 0
    assert "split evenly" in page.locator(".inset").first.inner_text()
    assert_accessible(page, "priorities")
    shoot(page, "priorities")
    page.get_by_label("Show the gaps for an activity").select_option(label="Mentoring")
    page.get_by_role("button", name="Show").click()
    assert "activity=mentoring" in page.url
    assert page.locator(".gaps li").count() == 10
    assert_accessible(page, "priorities, gaps")
    csv = page.request.get(page.locator("#csv-download").get_attribute("href"))
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
    assert csv.text().splitlines()[0].startswith("borough")


def test_priorities_errors_are_named(page: Any, shoot: Any) -> None:
    page.goto("/priorities?from=2020-01-01&to=2019-01-01")
    assert page.locator(".error-summary a").first.get_attribute("href") == "#from"
    assert_accessible(page, "priorities, errors")
    shoot(page, "priorities-errors")


def test_the_priorities_page_works_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    page.goto("/priorities")
    page.get_by_label("Compare boroughs by").select_option(label="Funder")
    page.get_by_role("button", name="Show").click()
    assert "cols=funder" in page.url
    assert page.locator(".table--matrix thead th").count() > 2


def test_an_organisation_page_from_a_fund(page: Any, shoot: Any) -> None:
    page.goto("/streams/knife-crime-community-seed-fund-2017-18")
    page.locator("table a[href^='/organisations/']").first.click()
    assert "/organisations/" in page.url
    assert page.get_by_role("heading", name="Totals by funder").is_visible()
    assert page.get_by_role("heading", name="Possibly the same organisation").is_visible()
    assert_accessible(page, "organisation")
    shoot(page, "organisation")


def test_the_about_page(page: Any, shoot: Any) -> None:
    page.goto("/about")
    assert page.get_by_role("heading", name='What "illustrative" means').is_visible()
    assert_accessible(page, "about")
    shoot(page, "about")
