"""Find funding in a real browser: the form, the verdicts with their reasons, a shared URL, the
keyboard alone, and JavaScript off."""

from __future__ import annotations

from typing import Any

from tests.web.accessibility import assert_accessible


def _fill_profile(page: Any) -> None:
    page.get_by_label("Type of organisation").select_option(label="Registered charity")
    page.get_by_label("Annual income, in pounds").fill("60000")
    page.get_by_label("How many years your organisation has been running").fill("4")
    page.locator("#does").get_by_label("Mentoring", exact=True).check()
    page.get_by_label("Youngest age").fill("11")
    page.get_by_label("Oldest age").fill("18")


def test_filling_the_form_shows_verdicts_with_reasons(page: Any, shoot: Any) -> None:
    page.goto("/")
    assert_accessible(page, "find funding, empty")
    shoot(page, "find-empty")
    _fill_profile(page)
    page.get_by_role("button", name="Check funds").click()
    results = page.locator(".result")
    assert results.count() > 0
    first = results.first
    assert first.locator(".tag--eligible, .tag--unclear, .tag--ineligible").count() == 1
    assert first.locator(".reason").count() > 0
    assert first.get_by_text("Who can apply").is_visible()
    assert "income=60000" in page.url and "does=mentoring" in page.url
    assert_accessible(page, "find funding, results")
    shoot(page, "find-results")


def test_a_shared_url_shows_the_same_list(page: Any, browser: Any, site: str) -> None:
    page.goto("/")
    _fill_profile(page)
    page.get_by_role("button", name="Check funds").click()
    shown = page.locator(".result h3").all_inner_texts()
    verdicts = page.locator(".result .tag--eligible, .result .tag--unclear").all_inner_texts()
    shared = page.locator("#share-link").get_attribute("href")
    other = browser.new_context(base_url=site)
    try:
        fresh = other.new_page()
        fresh.goto(shared)
        assert fresh.locator(".result h3").all_inner_texts() == shown
        again = fresh.locator(".result .tag--eligible, .result .tag--unclear").all_inner_texts()
        assert again == verdicts
    finally:
        other.close()


def test_form_errors_are_shown_beside_their_fields(page: Any, shoot: Any) -> None:
    page.goto("/?income=lots&age_from=18&age_to=11")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Annual income must be a number" in summary.inner_text()
    assert page.locator("#income-error").is_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page, "find funding, errors")
    shoot(page, "find-errors")


def test_filters_keep_everything_in_the_url_and_empty_results_say_what_to_change(
    page: Any,
) -> None:
    page.goto("/?q=zzzzqqqq")
    assert "No funds match" in page.locator(".empty").inner_text()
    page.get_by_role("link", name="Search without the words").click()
    assert page.locator(".result").count() > 0
    assert_accessible(page, "find funding, empty results")


def test_the_main_flow_works_by_keyboard_alone(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    # Tab to the search box and type, then submit with Enter.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("mentoring")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=mentoring*")
    assert page.locator(".result").count() > 0
    # Tab to the first result's link and follow it.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.result') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/streams/**")
    assert page.locator("h1").is_visible()


def test_find_funding_works_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    page.goto("/")
    _fill_profile(page)
    page.get_by_role("button", name="Check funds").click()
    assert page.locator(".result .reason").count() > 0
    page.locator(".sort").get_by_role("link", name="Name").click()
    assert "sort=name" in page.url and "income=60000" in page.url
