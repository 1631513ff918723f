"""A real Chromium drives the "Write your own version" panel of the Translate tab: write a draft, check it, read
the suggestions; then a check that cannot run keeps the draft the user wrote."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from test_ui import settings, start
from test_ui_browser import ARGS, CHROMIUM

from coach import Coach

ORIGINAL = (
    "Yesterday's outage lasted 47 minutes: a bad config push took down the API gateway and about 3% of checkout "
    "requests failed. We rolled back and added a canary stage to the CI/CD pipeline."
)
DRAFT = "We reversed a bad settings change. Yesterday about 5% of checkout attempts failed for 47 minutes."

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


def test_check_my_draft_in_a_real_browser(url: str) -> None:
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

            page.get_by_label("Technical text").fill(ORIGINAL)
            page.get_by_text("Write your own version").click()
            draft = page.get_by_label("Your version")
            draft.fill(DRAFT)
            page.get_by_role("button", name="Check my draft").click()

            suggestions = page.locator("#check-suggestions")
            expect(suggestions).to_contain_text("Correct '5%': the original says '3%'.", timeout=20_000)
            expect(suggestions).to_contain_text("Lead with the result")
            expect(page.locator("#check-status")).to_contain_text("Offline engine (rule-based)")
            expect(page.locator("#check-checks")).to_contain_text("Outcome first: no")
            expect(page.locator("#check-warnings")).to_contain_text("5%")

            # A check that cannot run (no original) warns, and what the user wrote stays in the box.
            page.get_by_label("Technical text").fill("")
            page.get_by_role("button", name="Check my draft").click()
            expect(page.get_by_test_id("toast-body").filter(has_text="The original is empty")).to_be_visible()
            expect(page.locator("#check-status")).to_contain_text("⚠ The original is empty")
            expect(draft).to_have_value(DRAFT)
            expect(suggestions).not_to_contain_text("Correct")
            assert leaks == [], "the page must not load anything from the internet"
        finally:
            browser.close()
