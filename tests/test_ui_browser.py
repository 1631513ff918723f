"""A real Chromium drives the page: type, pick a reader, translate, read the result; then a bad input."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ui import RECALL, settings, start

from coach import Coach

CHROMIUM = Path("/usr/bin/chromium")
# The README's picture is refreshed only on request (COACH_SCREENSHOT=1), so a test run never dirties docs/.
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"
REFRESH_SCREENSHOT = os.environ.get("COACH_SCREENSHOT") == "1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    # See tests/test_ui.py: gradio's queue triggers a pandas 3 deprecation in the server thread.
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing"),
]


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    demo, address = start(Coach(settings(COACH_ENGINE="offline")))
    yield address
    demo.close()


def test_translate_in_a_real_browser(url: str) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium for this test")
        pytest.skip("install Debian's chromium to run the browser test")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            leaks: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(url) else leaks.append(r.url))
            page.goto(url)

            page.get_by_label("Technical text").fill(RECALL)
            page.get_by_label("Executive", exact=True).check()
            page.get_by_role("button", name="Translate", exact=True).click()

            rewrite = page.locator("#rewrite-0 textarea")
            expect(rewrite).not_to_have_value("", timeout=20_000)
            assert "precision" not in rewrite.input_value()
            expect(page.locator("#engine-badge")).to_have_text("Offline engine (rule-based)")
            expect(page.locator("#status")).to_contain_text("Offline engine (rule-based)")
            expect(page.locator("#jargon-0 .highlighted").filter(has_text="recall")).to_be_visible()

            # The picture for the README: a richer example, for two readers.
            page.get_by_text("Yesterday's outage lasted 47 minutes").click()
            page.get_by_label("Product manager", exact=True).check()
            page.get_by_role("button", name="Translate", exact=True).click()
            expect(page.locator("#status")).to_contain_text("Executive, Product manager")
            if REFRESH_SCREENSHOT:
                page.screenshot(path=SCREENSHOT, full_page=True)

            page.get_by_label("Technical text").fill("")
            page.get_by_role("button", name="Translate", exact=True).click()
            expect(page.get_by_test_id("toast-body").filter(has_text="Nothing to translate")).to_be_visible()
            expect(page.locator("#status")).to_contain_text(re.compile(r"⚠ Nothing to translate"))
            expect(rewrite).to_be_hidden()
            assert leaks == [], "the page must not load anything from the internet"
        finally:
            browser.close()
