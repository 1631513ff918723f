"""A real Chromium drives every tab's main path at a laptop's width (1,280 px) and a phone's (390 px): translate
for two readers and a described one, the weekly log's delete flow and a reload, examples, downloads, Ctrl+Enter,
a pasted tag that must not run, a practice answer reopened from the history, and no table column off screen.

`COACH_SCREENSHOT=1` refreshes docs/screenshots/<tab>.png (1,280 px) from these runs; a plain test run never
writes into docs/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_ui import RECALL, settings, start

from coach import Coach

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
REFRESH_SCREENSHOTS = os.environ.get("COACH_SCREENSHOT") == "1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
WIDTHS = [1280, 390]
INCIDENT = (
    "Yesterday's outage lasted 47 minutes: a bad config push took down the API gateway, p99 latency hit 12s and "
    "about 3% of checkout requests failed. We rolled back and added a canary stage to the CI/CD pipeline."
)
WAIT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    # See tests/test_ui.py: gradio's queue triggers a pandas 3 deprecation in the server thread.
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing"),
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "c.db"
    coach = Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{db}"))
    demo, address = start(coach)
    yield address
    demo.close()
    coach.store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium for the browser tests")
        pytest.skip("install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest, url: str, browser: Any) -> Iterator[Any]:
    # `url` first: the app starts in asyncio.run, which cannot run once Playwright's loop is running.
    context = browser.new_context(viewport={"width": request.param, "height": 900}, accept_downloads=True)
    page = context.new_page()
    leaks: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((url, "blob:", "data:")) else leaks.append(r.url))
    page.goto(url)
    page.wait_for_selector("#engine-badge")
    yield page
    context.close()
    assert leaks == [], "the page must not load anything from the internet"


def open_tab(page: Any, tab_id: str) -> None:
    """Select a tab; on a phone most tabs sit behind Gradio's "More tabs" menu."""
    page.locator("[role=tab]").first.wait_for()  # the tab bar is drawn (after a reload, not at once)
    button = page.locator(f"#tab-{tab_id}-button")
    if button.count() and button.is_visible():
        button.click()
        return
    page.get_by_role("button", name="More tabs").click()
    page.locator(".overflow-dropdown button").filter(has_text=_TITLES[tab_id]).click()


_TITLES = {
    "translate": "Translate",
    "outcomes": "Outcomes",
    "weekly": "Weekly update",
    "tradeoffs": "Trade-offs",
    "uncertainty": "ML uncertainty",
    "practice": "Practice",
    "glossary": "Glossary",
    "profile": "Profile",
    "history": "History",
}


def shoot(page: Any, name: str) -> None:
    if REFRESH_SCREENSHOTS and page.viewport_size["width"] == WIDTHS[0]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def assert_tables_fit(page: Any) -> None:
    """Every column of every visible results table starts and ends inside the window (an examples table, which
    Gradio lets scroll sideways on a phone, is not a results table)."""
    outside = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('[role=columnheader], [role=gridcell]')]
            // Results tables are Gradio Dataframes (a grid of divs); an examples table is an HTML <table>.
            .filter((cell) => cell.offsetParent !== null && !cell.closest('table'))
            .map((cell) => [cell.textContent.trim().slice(0, 30), cell.getBoundingClientRect()])
            .filter(([, box]) => box.width > 0 && (box.left < -1 || box.right > width + 1))
            .map(([text, box]) => `${text} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
        }"""
    )
    assert outside == [], f"columns off screen at {page.viewport_size['width']} px: {outside}"


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def box(page: Any, elem_id: str) -> Any:
    """The text field of the Textbox with this elem_id (an input or a textarea, as Gradio renders it)."""
    return page.locator(f"#{elem_id}").get_by_role("textbox")


def download(page: Any, button: str) -> str:
    with page.expect_download() as info:
        page.locator(f"#{button}").click()
    return Path(info.value.path()).read_bytes().decode("utf-8")  # as written: CSV rows end in \r\n


def test_translate_for_two_readers_and_a_described_one(page: Any) -> None:
    box(page, "translate-text").fill(INCIDENT)
    page.get_by_label("Product manager", exact=True).check()
    box(page, "custom-reader").fill("a new CFO who knows SQL")
    box(page, "translate-text").press("Control+Enter")  # Ctrl+Enter runs the tab

    expect(page.locator("#status")).to_contain_text(
        "rewritten for Executive, Product manager, Custom reader", timeout=WAIT_MS
    )
    expect(page.locator("#engine-badge")).to_have_text("Offline engine (rule-based)")
    for i, name in enumerate(["Executive", "Product manager", "Custom reader"]):
        expect(page.locator(f"#summary-{i}")).to_contain_text(name)
    first, second = (page.locator(f"#result-{i}").bounding_box() for i in (0, 1))
    if page.viewport_size["width"] >= 1000:
        assert abs(first["y"] - second["y"]) < 2, "readers side by side on a wide screen"
    else:
        assert second["y"] > first["y"] + first["height"] - 2, "readers one under the other on a phone"
    # Jargon coloured by state, with the legend, and the plain words on hover.
    marks = page.locator("#jargon-0 mark")
    expect(marks.first).to_be_visible()
    states = set(marks.evaluate_all("(ms) => ms.map((m) => m.dataset.state)"))
    assert states <= {"explained", "replaced", "unknown"} and states
    expect(page.locator("#jargon-0 .jargon-legend")).to_contain_text("still unknown to this reader")
    # Hovering a term gives the plain words the table beside it lists (whatever the glossary says today).
    mark = page.locator("#jargon-0 mark", has_text="config").first  # "config" or the phrase holding it
    term, title = mark.inner_text().strip(), mark.get_attribute("title") or ""
    exactly = re.compile(rf"^\s*{re.escape(term)}\s*$")
    row = page.locator("#terms-0 [role=row]").filter(has=page.locator("[role=gridcell]", has_text=exactly)).first
    plain = row.locator("[role=gridcell]").nth(1).inner_text().strip()
    assert plain and title.startswith(f"{term}: {plain} (")
    shoot(page, "translate")
    # The rewrite is editable, and the download holds the edited text.
    rewrite = box(page, "rewrite-0")
    rewrite.fill(rewrite.input_value() + " Edited by me.")
    assert download(page, "rewrite-md-0").endswith("Edited by me.")
    assert download(page, "changes-csv-0").startswith("From,To,Why\r\n")
    assert_tables_fit(page)


def test_an_example_loads_in_one_click_and_bad_input_is_a_warning(page: Any) -> None:
    page.get_by_text("Our model has high recall but low precision.").first.click()
    expect(box(page, "translate-text")).to_have_value(RECALL)

    box(page, "translate-text").fill("")
    page.get_by_role("button", name="Translate", exact=True).click()

    expect(page.get_by_test_id("toast-body").filter(has_text="Nothing to translate")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#status")).to_contain_text(re.compile(r"⚠ Nothing to translate"))
    expect(box(page, "rewrite-0")).to_be_hidden()


def test_a_pasted_tag_is_shown_not_run(page: Any) -> None:
    pasted = 'The API gateway <img src=x onerror="window.__pwned = 1"> failed for 3% of users.'
    box(page, "translate-text").fill(pasted)
    page.get_by_role("button", name="Translate", exact=True).click()

    expect(page.locator("#jargon-0")).to_contain_text("<img src=x onerror=", timeout=WAIT_MS)
    open_tab(page, "history")
    expect(page.locator("#history-table")).to_contain_text("onerror", timeout=WAIT_MS)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0


def test_weekly_log_survives_a_reload_and_deletes_only_after_confirming(page: Any) -> None:
    open_tab(page, "weekly")
    mark = f"w{page.viewport_size['width']}"
    entry = box(page, "log-entry")
    entry.fill(f"Cut p95 latency from 420ms to 180ms ({mark})")
    entry.press("Control+Enter")
    expect(page.locator("#log-table")).to_contain_text(f"({mark})", timeout=WAIT_MS)
    entry.fill(f"Vendor API limits slowed the import ({mark})")
    page.locator("#log-add").click()
    expect(page.locator("#log-table")).to_contain_text(f"slowed the import ({mark})", timeout=WAIT_MS)

    page.reload()  # a new visit: the log is there without any button
    open_tab(page, "weekly")
    table = page.locator("#log-table")
    expect(table).to_contain_text(f"slowed the import ({mark})", timeout=WAIT_MS)
    expect(table).not_to_contain_text("note")  # kinds in words

    page.locator("#weekly-draft").click()
    expect(box(page, "weekly-update")).to_have_value(re.compile(f"slowed the import \\({mark}\\)"))
    table.locator("[role=gridcell]").filter(has_text=f"slowed the import ({mark})").click()
    expect(box(page, "log-edit-text")).to_have_value(f"Vendor API limits slowed the import ({mark})")
    page.locator("#log-delete").click()
    # .first: Gradio draws a group as two nested divs with the same id.
    expect(page.locator("#log-confirm").first).to_contain_text("Delete “Vendor API limits")
    page.locator("#log-delete-no").click()
    expect(table).to_contain_text(f"slowed the import ({mark})")  # cancelled: still there
    page.locator("#log-delete").click()
    page.locator("#log-delete-yes").click()
    expect(table).not_to_contain_text(f"slowed the import ({mark})", timeout=WAIT_MS)
    # The draft made from the log follows it: the deleted entry is gone from it too.
    expect(box(page, "weekly-update")).not_to_have_value(re.compile(f"slowed the import \\({mark}\\)"))
    page.locator("#log-undo").click()
    expect(table).to_contain_text(f"slowed the import ({mark})", timeout=WAIT_MS)
    assert_tables_fit(page)
    assert download(page, "weekly-md").startswith("# Weekly update")
    shoot(page, "weekly")


@pytest.mark.parametrize(
    ("tab", "button", "result"),
    [
        ("outcomes", "Turn into outcomes", "#outcomes-status"),
        ("tradeoffs", "Show the trade-offs", "#tradeoffs-status"),
        ("uncertainty", "Reframe", "#uncertainty-status"),
    ],
)
def test_each_feature_tab_runs_its_example(page: Any, tab: str, button: str, result: str) -> None:
    open_tab(page, tab)
    panel = page.locator(f"#tab-{tab}")
    # An example is a button (one input) or a table row (several): one click fills the boxes.
    panel.locator("button.gallery-item, [data-testid='dataset-cell-0-0']").first.click()
    panel.get_by_role("button", name=button, exact=True).click()

    expect(page.locator(result)).not_to_be_empty(timeout=WAIT_MS)
    expect(page.locator(result)).not_to_contain_text("⚠")
    assert_tables_fit(page)
    if tab == "tradeoffs":
        assert download(page, "tradeoffs-csv").startswith("Workstream,Absorb it,Adjust planned work,Decline\r\n")
    shoot(page, tab)


def test_glossary_team_term_and_profile_persist(page: Any) -> None:
    open_tab(page, "glossary")
    box(page, "glossary-search").fill("canary")
    page.locator("#glossary-search-button").click()
    expect(page.locator("#glossary-table")).to_contain_text("small trial release", timeout=WAIT_MS)
    box(page, "glossary-term").fill("Falcon")
    box(page, "glossary-plain").fill("our new checkout system")
    page.locator("#glossary-save").click()
    expect(page.locator("#glossary-status")).to_contain_text("Saved “Falcon”", timeout=WAIT_MS)
    assert_tables_fit(page)
    shoot(page, "glossary")

    open_tab(page, "profile")
    box(page, "profile-role").fill("ML tech lead")
    box(page, "profile-products").fill("Falcon\nLedgerSync")
    page.locator("#profile-save").click()
    expect(page.locator("#profile-status")).to_contain_text("Names kept exactly: Falcon, LedgerSync", timeout=WAIT_MS)
    page.reload()
    open_tab(page, "profile")
    expect(box(page, "profile-role")).to_have_value("ML tech lead", timeout=WAIT_MS)
    shoot(page, "profile")


def test_history_lists_results_and_reopens_one(page: Any) -> None:
    box(page, "translate-text").fill(RECALL)
    page.get_by_role("button", name="Translate", exact=True).click()
    expect(page.locator("#status")).to_contain_text("rewritten for", timeout=WAIT_MS)
    box(page, "translate-text").fill("")

    open_tab(page, "history")
    table = page.locator("#history-table")
    expect(table).to_contain_text(RECALL, timeout=WAIT_MS)
    table.locator("[role=gridcell]").filter(has_text=RECALL).first.click()
    expect(box(page, "history-input")).to_have_value(RECALL)
    assert_tables_fit(page)
    shoot(page, "history")
    page.locator("#history-reopen").click()
    expect(box(page, "translate-text")).to_have_value(RECALL, timeout=WAIT_MS)


def test_a_practice_answer_is_scored_and_its_session_reopens_from_the_history(page: Any) -> None:
    answer = (
        "The fraud model ships two weeks late, on 14 March: the labelled data came late. Customers keep today's "
        "fraud checks until then."
    )
    open_tab(page, "practice")
    page.locator("#practice-start").click()
    chat = page.locator("#practice-chat")
    expect(chat).to_contain_text("?", timeout=WAIT_MS)  # the persona's opening question
    box(page, "practice-answer").fill(answer)
    page.locator("#practice-send").click()
    scores = page.locator("#practice-scores")
    expect(scores).to_contain_text("Your last answer", timeout=WAIT_MS)
    expect(chat).to_contain_text(answer)
    page.locator("#practice-end").click()
    expect(scores).to_contain_text("Debrief — overall", timeout=WAIT_MS)
    assert_tables_fit(page)
    shoot(page, "practice")

    page.locator("#practice-start").click()  # a new session: the answered one leaves the chat
    expect(chat).not_to_contain_text(answer, timeout=WAIT_MS)
    open_tab(page, "history")
    table = page.locator("#history-table")
    expect(table).to_contain_text(answer[:60], timeout=WAIT_MS)
    table.locator("[role=gridcell]").filter(has_text=answer[:60]).first.click()  # the newest such row
    expect(box(page, "history-result")).to_have_value(re.compile("last answer .*They ask: ", re.S))
    page.locator("#history-reopen").click()

    expect(chat).to_be_visible(timeout=WAIT_MS)  # the Practice tab, with the session back as it is now
    expect(chat).to_contain_text(answer, timeout=WAIT_MS)
    expect(scores).to_contain_text("Debrief — overall")
