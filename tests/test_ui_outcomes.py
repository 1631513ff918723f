"""The Outcomes tab, driven through gradio_client against the whole app on 127.0.0.1, and its tables in a real
Chromium at a laptop's and a phone's width. (The Weekly update tab's tests are in test_ui_weekly.py.)"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from gradio_client import Client
from llm_server import LLMServer, schema_answer
from test_ui import settings, start
from test_ui_browser import ARGS, CHROMIUM

from coach import Coach
from coach.ui.outcomes_tab import run_outcomes

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

SKIPPED = {"__type__": "update"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("ui") / "c.db"
    coach = Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{db}"))
    demo, url = start(coach)
    client = Client(url, verbose=False)
    try:
        yield client
    finally:
        client.close()
        demo.close()
        coach.store.close()


def test_outcomes_copy_box_holds_only_finished_statements(client: Any) -> None:
    status, copy, asked, table, _ = client.predict(
        "completed JIRA-4411\n"
        "migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms\n"
        "🟡 SSO for the admin console — SAML remaining\n"
        "- [ ] Add rate limiting to the public API",
        api_name="/outcomes",
    )

    assert status.startswith("**4 tasks** · 1 finished · 3 need an answer")
    assert copy == "- Cut p95 latency from 420ms to 180ms by migrating billing service to Postgres 16"
    assert "not stated" not in copy
    assert [row[0] for row in asked["data"]] == [
        "completed JIRA-4411",
        "🟡 SSO for the admin console — SAML remaining",
        "Add rate limiting to the public API",
    ]
    assert [row[1] for row in asked["data"]] == ["no result stated", "in progress", "planned"]
    assert "JIRA-4411" in asked["data"][0][2] and "land" in asked["data"][1][2]
    assert asked["headers"] == ["Task", "Status", "Question to answer"]
    # Every task, as read: statuses in words, never the raw values of the JSON ("in_progress").
    assert [row[2] for row in table["data"]] == ["done", "done", "in progress", "planned"]


def test_a_list_with_nothing_finished_says_what_to_do(client: Any) -> None:
    status, copy, asked, _, _ = client.predict("Refactored the auth module", api_name="/outcomes")

    assert copy == "" and len(asked["data"]) == 1
    assert "0 finished" in status and "answer the questions below" in status


def test_bad_input_warns_and_leaves_everything_as_it_was(client: Any) -> None:
    outputs: tuple[Any, ...] = client.predict("   ", api_name="/outcomes")

    assert all(o == SKIPPED for o in outputs)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_outcome_tables_fit_the_page_with_wrapped_text(width: int) -> None:
    """Issue 11, defect 1: the table was ~2,800 px wide, the "Question to answer" column off screen."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium for this test")
        pytest.skip("install Debian's chromium to run the browser test")
    from playwright.sync_api import expect, sync_playwright

    long_task = "Fixed " + "http://127.0.0.1:8080/" + "a-very-long-path-segment-" * 12 + " and " + "word " * 60
    tasks = f"completed JIRA-4411\n{long_task}\n🟡 SSO for the admin console — SAML remaining"
    demo, url = start(Coach(settings(COACH_ENGINE="offline")))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(url)
                page.get_by_role("tab", name="Outcomes").click()
                page.locator("#outcomes-tasks textarea").fill(tasks)
                page.get_by_role("button", name="Turn into outcomes").click()
                expect(page.locator("#outcomes-status")).to_contain_text("3 tasks", timeout=20_000)
                page.get_by_text("Every task, as read").click()
                for table in ("#outcomes-open", "#outcomes-all"):
                    expect(page.locator(f"{table} table").first).to_be_visible()
                    cells = f"{table} table th, {table} table td"
                    right = page.evaluate(
                        f"""() => Math.max(...Array.from(document.querySelectorAll('{cells}'))
                            .map(cell => cell.getBoundingClientRect().right))"""
                    )
                    assert right <= width, f"{table}: a column ends at {right:.0f} px on a {width} px page"
                question = page.locator("#outcomes-open table th").filter(has_text="Question to answer").first
                expect(question).to_be_in_viewport()
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            finally:
                browser.close()
    finally:
        demo.close()


def test_with_a_model_the_outcomes_can_show_their_prompt(llm_server: LLMServer) -> None:
    llm_server.default = schema_answer  # a schema-valid answer to whatever is asked
    coach = Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_MODEL="m"))

    *_, prompt = run_outcomes(coach, "migrated billing to Postgres 16, cutting p95 from 420ms to 180ms")

    assert prompt.startswith("Prompt outcomes · version ")
    assert all(m["content"] in prompt for request in llm_server.requests for m in request["messages"])
    assert run_outcomes(Coach(settings(COACH_ENGINE="offline")), "completed JIRA-4411")[-1] == ""  # nothing sent
