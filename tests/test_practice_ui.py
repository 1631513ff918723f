"""The Practice tab: through its API (gradio_client), and a 3-turn session in a real Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from gradio_client import Client
from llm_server import LLMServer, schema_answer
from test_practice import JARGON, QUESTION
from test_ui import settings, start
from test_ui_browser import ARGS, CHROMIUM

from coach import Coach
from coach.ui import prompt_view
from coach.ui.practice_tab import step_prompt

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

SKIP = {"__type__": "update"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, str]]:
    db = tmp_path_factory.mktemp("practice") / "ui.db"
    demo, url = start(Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{db}")))
    client = Client(url, verbose=False)
    try:
        yield client, url
    finally:
        client.close()
        demo.close()


def test_ui_session_start_answer_debrief_progress_reopen(served: tuple[Client, str]) -> None:
    client, _ = served  # the session lives in a gr.State the client's session carries between calls
    chat, intro, scores, box = client.predict("executive", "model-slipped", api_name="/practice_start")
    assert [m["role"] for m in chat] == ["assistant"] and QUESTION in str(chat[0]["content"])
    assert "A model that slipped its deadline" in intro and box == ""

    chat, _, scores, box = client.predict(JARGON, api_name="/practice")
    assert [m["role"] for m in chat] == ["assistant", "user", "assistant"] and box == ""
    assert "Your last answer:" in scores and "Jargon for this persona | 1/5" in scores

    chat, _, scores = client.predict(api_name="/practice_end")
    assert "### Debrief" in scores and "What went well" in scores and "better answer" in scores

    plot, sessions = client.predict(api_name="/practice_progress")
    assert sessions["data"][0][2:5] == ["executive", "model-slipped", "done"]
    assert "Jargon for this persona" in str(plot)

    chat, intro, scores = client.predict(int(sessions["data"][0][0]), api_name="/practice_open")
    assert len(chat) == 3 and "### Debrief" in scores


def test_ui_empty_answer_warns_and_keeps_everything(served: tuple[Client, str]) -> None:
    client, _ = served
    client.predict("finance", None, api_name="/practice_start")
    outputs = client.predict("   ", api_name="/practice")
    assert all(o == SKIP for o in outputs)  # nothing changes; the answer box keeps what was typed
    assert list(client.predict(None, api_name="/practice_open")) == [SKIP] * 3


@pytest.mark.browser
def test_three_turn_session_in_a_real_browser(served: tuple[Client, str]) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium for this test")
        pytest.skip("install Debian's chromium to run the browser test")
    from playwright.sync_api import expect, sync_playwright

    _, url = served
    answers = [
        JARGON,
        "The payment data changed since we trained it, so the model caught too little fraud.",
        "We now launch on 14 March; customers keep the current fraud checks until then.",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            leaks: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(url) else leaks.append(r.url))
            page.goto(url)
            page.get_by_role("tab", name="Practice").click()
            page.locator("#practice-start").click()
            chat = page.locator("#practice-chat")
            expect(chat).to_contain_text(QUESTION, timeout=20_000)

            box = page.locator("#practice-answer textarea")
            for n, answer in enumerate(answers, start=1):
                box.fill(answer)
                page.locator("#practice-send").click()
                expect(chat).to_contain_text(answer[:40], timeout=20_000)
                expect(box).to_have_value("", timeout=20_000)
                if n < len(answers):
                    expect(page.locator("#practice-scores")).to_contain_text("Your last answer")

            scores = page.locator("#practice-scores")
            expect(scores).to_contain_text("Debrief — overall", timeout=20_000)
            expect(scores).to_contain_text("A better answer to the first question")
            expect(scores).to_contain_text("14 March")

            # A bad input: a warning, and the typed text stays.
            page.locator("#practice-start").click()
            expect(chat).not_to_contain_text(answers[0][:40], timeout=20_000)
            box.fill("   ")
            page.locator("#practice-send").click()
            expect(page.get_by_test_id("toast-body").filter(has_text="The answer is empty")).to_be_visible()
            assert leaks == [], "the page must not load anything from the internet"
        finally:
            browser.close()


def test_with_a_model_each_step_can_show_its_prompts(llm_server: LLMServer) -> None:
    llm_server.default = schema_answer  # a schema-valid answer to whatever is asked
    coach = Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_MODEL="m", COACH_DB_URL="sqlite://"))
    session = coach.practice_start("executive", "model-slipped", save=False)

    with prompt_view.recording(coach) as sent:
        after = coach.practice_reply(session, JARGON)
    shown = step_prompt(session, after, sent)

    # Scored with the practice prompt, then the persona's follow-up asked with its own.
    assert shown.startswith("Prompts practice · version ") and "; practice_persona · version " in shown
    assert len(sent) == len(llm_server.requests) == 2
    assert all(m["content"] in shown for request in llm_server.requests for m in request["messages"])
    with prompt_view.recording(coach) as none:
        ended = coach.practice_end(after)  # one answer: its better answer is reused, no model call
    assert step_prompt(after, ended, none) == ""
