"""The browser tests' set-up: a migrated and seeded database of their own, the app served on it
by a real uvicorn, and Debian's Chromium driven by Playwright. Without Chromium they fail (never
skip): `make test` and `.ci/run` install it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.core.db import make_engine
from app.ops import migrate
from app.ops.seeding import load_seed
from tests.conftest import _fresh_database

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDTHS = (375, 1280)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app served by uvicorn over a database of its own."""
    for url in _fresh_database(tmp_path_factory.mktemp("site")):
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            load_seed(session)
        engine.dispose()
        env = {
            **os.environ,
            "SIGNPOST_DATABASE_URL": url,
            "SIGNPOST_RATE_LIMIT_PER_ADDRESS": "0",
            "SIGNPOST_RATE_LIMIT_PER_KEY": "0",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.web.serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            port = server.stdout.readline().strip()
            if not port.isdigit():
                pytest.fail(f"the test server did not start (said {port!r})")
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)
            if server.stdout is not None:
                server.stdout.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium is not installed, so the browser tests cannot run: "
            "`make test` installs it when run as root, or `apt-get install -y chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser: object, site: str, *, javascript: bool) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        base_url=site,
        java_script_enabled=javascript,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    problems: list[str] = []
    # Any request to another host, and any breach of the pages' Content-Security-Policy, is a
    # failure of the page.
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(site) or request.url.startswith("data:")
            else problems.append(f"request to another host: {request.url}")
        ),
    )
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def page(browser: object, site: str) -> Iterator[object]:
    yield from _page(browser, site, javascript=True)


@pytest.fixture
def page_without_js(browser: object, site: str) -> Iterator[object]:
    yield from _page(browser, site, javascript=False)


@pytest.fixture
def shoot() -> Callable[[object, str], None]:
    """Saves the page at phone and desktop widths under screenshots/ (git-ignored)."""
    from playwright.sync_api import Page

    def take(page: object, name: str) -> None:
        assert isinstance(page, Page)
        SCREENSHOTS.mkdir(exist_ok=True)
        size = page.viewport_size
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        if size:
            page.set_viewport_size(size)

    return take
