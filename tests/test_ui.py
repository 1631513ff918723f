"""The web UI through its API, as gradio_client (and any script) calls it: a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from typing import Any

import gradio as gr
import pytest
from gradio_client import Client
from llm_server import LLMServer

from coach import Coach, Settings
from coach.analysis.jargon import JargonHit
from coach.analysis.spans import outermost
from coach.features.translate import TranslateResult
from coach.ui import UNEXPLAINED, build_app, highlighted, launch, main
from coach.ui.translate_tab import SLOT_FIELDS

# gradio's queue summarises request timings with pandas in the server thread, in a way pandas 3 deprecates;
# the warning says nothing about coach, and with warnings as errors it would fail the request.
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

RECALL = "Our model has high recall but low precision."
GOOD_ANSWER = {
    "rewrite": "Search is four times faster for customers: slow searches went from 800ms to 200ms.",
    "changes": [{"before": "p99 latency", "after": "slow searches", "reason": "executives do not say p99"}],
    "why_it_matters": "Less waiting.",
}


def settings(**values: Any) -> Settings:
    """Settings from explicit values only: neither the environment nor a .env file leaks into a test."""
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def free_port() -> int:
    # Not port=None: gradio then probes 7860, 7861, ... and leaks the socket of each busy one it tries.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(coach: Coach, *, mcp: bool = False) -> tuple[gr.Blocks, str]:
    """Build and launch the app on a free port of 127.0.0.1.

    Inside a running event loop, because outside one gradio makes (and never closes) a fresh loop for each
    lock it creates (gradio/utils.py safe_get_lock), and the unclosed loops fail the run as ResourceWarnings.
    """

    async def build_and_launch() -> tuple[gr.Blocks, str]:
        demo = build_app(coach, mcp=mcp)
        return demo, launch(demo, port=free_port(), prevent_thread_lock=True, mcp=mcp)

    return asyncio.run(build_and_launch())


class Served:
    """A running app and a client for it; `translate` returns the endpoint's outputs by name."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        self.demo, url = start(coach)
        self.client = Client(url, verbose=False)

    def translate(self, text: str, audiences: list[str], custom: str = "") -> dict[str, Any]:
        out = self.client.predict(text, audiences, custom, api_name="/translate")
        # The status line, then per reader: the slot's outputs named as in SLOT_FIELDS (layout ones skipped).
        shown = [f for f in SLOT_FIELDS if f not in ("tab", "prompt_box")]
        slots = [dict(zip(shown, out[i : i + len(shown)], strict=True)) for i in range(1, len(out), len(shown))]
        return {"status": out[0], "slots": [s for s in slots if s["rewrite"]]}

    def close(self) -> None:
        self.client.close()
        self.demo.close()


@pytest.fixture(scope="module")
def offline() -> Iterator[Served]:
    served = Served(Coach(settings(COACH_ENGINE="offline")))
    yield served
    served.close()


def test_translate_returns_the_rewrite_and_the_offline_badge(offline: Served) -> None:
    out = offline.translate(RECALL, ["executive"])

    assert "Offline engine (rule-based)" in out["status"]
    [slot] = out["slots"]
    expected = Coach(settings(COACH_ENGINE="offline")).translate(RECALL, "executive")
    assert slot["rewrite"] == expected.rewrite
    assert "precision" not in slot["rewrite"]
    assert "### Executive" in slot["summary"] and "budget for this reader" in slot["summary"]
    marked = [hit.term for hit in outermost(expected.jargon)]
    assert marked and all(f">{term}</mark>" in slot["original"] for term in marked)
    assert [row[0] for row in slot["terms"]["data"]] == marked
    assert [row[0] for row in slot["changes"]["data"]] == [c.from_ for c in expected.changes]
    assert slot["alert"]["value"].startswith("✓ **Fact check:**") and slot["alert"]["elem_classes"] == ["alert-ok"]
    assert slot["prompt"] == ""  # the offline engine sends no prompt


def test_several_audiences_and_a_custom_reader_side_by_side(offline: Served) -> None:
    out = offline.translate(RECALL, ["executive", "data-science"], custom="a new CFO who knows SQL")

    assert len(out["slots"]) == 3
    assert "Executive, Data scientist, Custom reader" in out["status"]
    headings = [s["summary"].split("\n")[0] for s in out["slots"]]
    assert headings == ["### Executive", "### Data scientist", "### Custom reader"]


@pytest.mark.parametrize(
    ("text", "audiences", "custom", "message"),
    [
        ("", ["executive"], "", "empty"),
        ("   \n", ["executive"], "", "empty"),
        ("x" * 20_001, ["executive"], "", "limit"),
        (RECALL, [], "", "audience"),
        (RECALL, [], "CFO", "Unknown audience"),
    ],
)
def test_bad_input_is_a_warning_not_a_crash(
    offline: Served, text: str, audiences: list[str], custom: str, message: str
) -> None:
    out = offline.translate(text, audiences, custom)

    assert out["status"].startswith("⚠")
    assert message in out["status"]
    assert out["slots"] == []


def test_a_failed_attempt_is_in_the_history_with_its_input(offline: Served) -> None:
    offline.translate(RECALL, [], "CFO")

    [last] = offline.coach.store.recent_history(1)
    assert last.feature == "translate" and last.input_text == RECALL
    assert last.error is not None and "Unknown audience" in last.error


def test_llm_engine_shows_the_model_the_prompt_and_a_failure(llm_server: LLMServer) -> None:
    llm_server.enqueue(GOOD_ANSWER)
    served = Served(Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_MODEL="local-test-model")))
    try:
        out = served.translate("p99 latency dropped from 800ms to 200ms.", ["executive"])
        failed = served.translate("p99 latency dropped from 800ms to 200ms.", ["executive"])  # nothing queued
    finally:
        served.close()

    assert "LLM engine: local-test-model" in out["status"]
    [slot] = out["slots"]
    assert "**Why it matters:** Less waiting." in slot["extras"]
    # Show the prompt: the prompt file's name, version and hash, then exactly the messages the server received.
    sent = llm_server.requests[0]["messages"]
    assert slot["prompt"].startswith("Prompt translate · version ")
    assert all(m["content"] in slot["prompt"] for m in sent)
    assert failed["status"].startswith("⚠")
    assert failed["slots"] == []


def test_highlighting_uses_the_outermost_spans_and_labels_unknown_jargon() -> None:
    text = "The API gateway and FOOBAR."
    hits = [
        JargonHit(term="API gateway", plain="front door", start=4, end=15, source="glossary"),
        JargonHit(term="API", plain="interface", start=4, end=7, source="glossary"),
        JargonHit(term="FOOBAR", plain=None, start=20, end=26, source="acronym"),
    ]
    result = TranslateResult.model_construct(original=text, jargon=hits)

    assert highlighted(result) == [
        ("The ", None),
        ("API gateway", "front door"),
        (" and ", None),
        ("FOOBAR", UNEXPLAINED),
        (".", None),
    ]


def test_a_misconfigured_engine_stops_start_up_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(settings(COACH_ENGINE="llm", COACH_PORT=free_port()))

    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("coach: ") and err.count("\n") == 1
    assert "OPENAI_BASE_URL" in err


def test_model_text_is_inert_in_markdown() -> None:
    """A model answer (or a paste) cannot make the browser fetch an image or follow a link."""
    from coach.ui.common import inert

    shown = inert("![x](http://host/leak.png?d=SECRET) <img src=x onerror=alert(1)> [a](http://x)")
    assert "![" not in shown and "](" not in shown and "<img" not in shown
    assert "SECRET" in shown  # the words stay visible, as text
