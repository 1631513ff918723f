"""The Translate tab with the LLM engine: the rewrite box fills as the model writes (the handler is a generator over
`Coach.translate_stream`), a stream that breaks off is one warning, and the streamed endpoint sends several
updates to an API client (and a real Chromium shows the text before the result)."""

from __future__ import annotations

import itertools
import json
import os
from typing import Any

import gradio as gr
import pytest
from llm_server import LLMServer, Reply
from test_ui import GOOD_ANSWER, Served, settings, start
from test_ui_browser import ARGS, CHROMIUM

from coach import Coach
from coach.ui.history import record
from coach.ui.translate_tab import SLOT_FIELDS, run_translate

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

TEXT = "p99 latency dropped from 800ms to 200ms."


def writing(**more: Any) -> Reply:
    """GOOD_ANSWER streamed a few characters at a time, as a model writes."""
    return Reply(content=json.dumps(GOOD_ANSWER), **{"chunk_chars": 12, "chunk_delay_s": 0.06, **more})


def field(step: list[Any], slot: int, name: str) -> Any:
    return step[1 + slot * len(SLOT_FIELDS) + SLOT_FIELDS.index(name)]


def llm_coach(server: LLMServer, tmp_path: Any) -> Coach:
    values = {"OPENAI_BASE_URL": server.base_url, "COACH_MODEL": "m", "COACH_MAX_RETRIES": 1}
    return record(Coach(settings(**values, COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}")))


def test_the_rewrite_box_fills_as_the_model_writes(llm_server: LLMServer, tmp_path: Any) -> None:
    llm_server.enqueue(writing())
    coach = llm_coach(llm_server, tmp_path)

    steps = list(run_translate(coach, TEXT, ["executive"], ""))

    asking, *partial, written, last = steps
    assert asking[0].startswith("⏳ Asking m") and partial and written[0].startswith("⏳ 1 of 1 written")
    texts = [field(s, 0, "rewrite") for s in partial]
    assert len(texts) >= 3 and all(b.startswith(a) and b != a for a, b in itertools.pairwise(texts))
    assert GOOD_ANSWER["rewrite"].startswith(texts[0])
    # The first piece shows the reader's slot, cleared of an earlier result; later pieces change only the text.
    first = partial[0]
    assert first[0] == gr.skip() and field(first, 0, "tab").visible and "Writing…" in field(first, 0, "summary")
    assert field(first, 0, "changes") == [] and field(first, 0, "notes") == ""
    assert all(v == gr.skip() for i, v in enumerate(partial[1][1:]) if i != SLOT_FIELDS.index("rewrite"))
    # Then the checked result, with "Show the prompt" holding what the server received.
    assert last[0].startswith("**LLM engine: m** · rewritten for Executive")
    assert field(last, 0, "rewrite") == GOOD_ANSWER["rewrite"]
    assert all(m["content"] in field(last, 0, "prompt") for m in llm_server.requests[0]["messages"])
    assert llm_server.requests[0]["stream"] is True
    assert [(h.feature, h.error) for h in coach.store.recent_history()] == [("translate", None)]  # saved once


def test_several_readers_stream_side_by_side(llm_server: LLMServer, tmp_path: Any) -> None:
    llm_server.enqueue(writing(), writing())
    coach = llm_coach(llm_server, tmp_path)

    steps = list(run_translate(coach, TEXT, ["executive", "sales"], ""))

    partial = [s for s in steps if s[0] == gr.skip()]
    for slot in (0, 1):
        shown = [field(s, slot, "rewrite") for s in partial if isinstance(field(s, slot, "rewrite"), str)]
        assert len(shown) >= 2, f"reader {slot} was not shown as it was written"
    assert [field(steps[-1], i, "rewrite") for i in (0, 1)] == [GOOD_ANSWER["rewrite"]] * 2
    assert len(coach.store.recent_history()) == 2  # one line per reader, as for `translate`


def test_a_stream_that_breaks_off_is_one_warning_and_one_failed_line(llm_server: LLMServer, tmp_path: Any) -> None:
    llm_server.enqueue(writing(break_after=5), writing(break_after=5))
    coach = llm_coach(llm_server, tmp_path)

    with pytest.warns(UserWarning, match="broke off") as warned:
        steps = list(run_translate(coach, TEXT, ["executive"], ""))

    [warning] = [str(w.message) for w in warned]
    assert "sent an incomplete answer 2 times (the answer stream broke off mid-answer); try again later." in warning
    last = steps[-1]
    assert last[0].startswith("⚠ The model endpoint at") and "broke off" in last[0]
    assert not field(last, 0, "tab").visible and field(last, 0, "rewrite") == ""  # no half rewrite left
    [failed] = coach.store.recent_history()
    assert failed.input_text == TEXT and failed.error == warning


def test_the_streamed_endpoint_sends_several_updates_to_an_api_client(llm_server: LLMServer) -> None:
    llm_server.enqueue(writing())
    served = Served(Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_MODEL="m")))
    try:
        job = served.client.submit(TEXT, ["executive"], "", api_name="/translate")
        job.result(timeout=60)
        updates = job.outputs()
    finally:
        served.close()

    rewrite = 1 + SLOT_FIELDS.index("rewrite") - 1  # the API leaves out the slot's column ("tab")
    texts = [u[rewrite] for u in updates if isinstance(u[rewrite], str) and u[rewrite]]
    assert len(updates) > 3 and len(set(texts)) > 2
    assert texts[-1] == GOOD_ANSWER["rewrite"] and GOOD_ANSWER["rewrite"].startswith(texts[0])


@pytest.mark.browser
def test_in_a_browser_the_rewrite_box_shows_the_text_before_the_result(llm_server: LLMServer) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium for this test")
        pytest.skip("install Debian's chromium to run the browser test")
    from playwright.sync_api import expect, sync_playwright

    llm_server.enqueue(writing(chunk_chars=4, chunk_delay_s=0.12))
    demo, url = start(Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_MODEL="m")))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(url)
                page.locator("#translate-text textarea").fill(TEXT)
                page.locator("#translate-button").click()
                rewrite = page.locator("#rewrite-0 textarea")
                expect(page.locator("#summary-0")).to_contain_text("Writing…", timeout=20_000)
                part = rewrite.input_value()
                assert part and part != GOOD_ANSWER["rewrite"] and GOOD_ANSWER["rewrite"].startswith(part)
                expect(page.locator("#status")).to_contain_text("rewritten for Executive", timeout=20_000)
                expect(rewrite).to_have_value(GOOD_ANSWER["rewrite"])
            finally:
                browser.close()
    finally:
        demo.close()
