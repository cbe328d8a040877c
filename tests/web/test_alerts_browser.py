"""Get alerts in a real browser: from a search to a saved alert, and the email links' pages."""

from __future__ import annotations

from typing import Any

from tests.web.accessibility import assert_accessible


def test_signing_up_for_alerts_from_a_search(page: Any, shoot: Any) -> None:
    page.goto("/?activity=mentoring")
    page.get_by_role("link", name="Get alerts for this search").click()
    assert "Mentoring" in page.locator("#alert-about").inner_text()
    assert "stop the alerts at once" in page.inner_text("main")
    assert_accessible(page, "alerts, form")
    shoot(page, "alerts")
    page.get_by_label("By email").check()
    page.get_by_label("Email address").fill("youth.club@example.org")
    page.get_by_label("Once a day").check()
    page.get_by_role("button", name="Get alerts").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert "youth.club@example.org" in page.inner_text("main")
    assert_accessible(page, "alerts, signed up")
    shoot(page, "alerts-done")


def test_an_alert_without_an_address_is_refused_beside_the_field(page: Any, shoot: Any) -> None:
    page.goto("/alerts")
    page.get_by_label("By email").check()
    page.get_by_role("button", name="Get alerts").click()
    assert page.locator("#email-error").inner_text().endswith("Enter your email address")
    assert page.locator(".error-summary a").first.get_attribute("href") == "#email"
    assert_accessible(page, "alerts, errors")
    shoot(page, "alerts-errors")


def test_an_email_link_opens_a_page_whose_button_does_the_work(page: Any, shoot: Any) -> None:
    page.goto("/alerts/sub_unknown/unsubscribe?token=not-a-token")
    assert page.get_by_role("heading", name="Stop alerts").is_visible()
    assert_accessible(page, "unsubscribe page")
    shoot(page, "alerts-unsubscribe")
    page.get_by_role("button", name="Stop alerts").click()
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_signing_up_works_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    page.goto("/alerts?borough=E09000008")
    page.get_by_label("By email").check()
    page.get_by_label("Email address").fill("croydon@example.org")
    page.get_by_role("button", name="Get alerts").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()


def test_a_form_whose_token_is_gone_is_refused_on_an_accessible_page(page: Any) -> None:
    page.goto("/alerts")
    page.context.clear_cookies()
    page.get_by_label("By email").check()
    page.get_by_label("Email address").fill("late@example.org")
    page.get_by_role("button", name="Get alerts").click()
    assert page.get_by_role("heading", name="Your form has expired").is_visible()
    assert_accessible(page, "alerts, expired form")
