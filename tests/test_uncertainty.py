"""ML uncertainty: the overclaim check, the offline engine, the CLI and API, the LLM engine on loopback, the UI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client
from llm_server import LLMServer
from test_ui import settings, start

from coach import Coach, Settings
from coach.analysis.overclaim import find_overclaims
from coach.cli import main
from coach.errors import InputError
from coach.features.uncertainty import UncertaintyResult

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

OVERCLAIMING = "Tried focal loss, recall +2 pts on val. This guarantees 99% recall."
CAREFUL = (
    "Tried focal loss, recall +2 pts on val (one run) but precision fell 1 pt; label noise suspected.\n"
    "Tested a bigger backbone: no change in F1.\n"
)


def offline() -> Coach:
    return Coach(Settings(_env_file=None, COACH_ENGINE="offline"))  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("text", "phrase", "kind"),
    [
        ("this guarantees 99% recall", "guarantees", "overclaim"),
        ("the ablation proves the features matter", "proves", "overclaim"),
        ("Drift is solved.", "solved", "overclaim"),
        ("It always beats the baseline", "always", "overclaim"),
        ("The detector never fails", "never fails", "overclaim"),
        ("We hit 100% precision", "100%", "overclaim"),
        ("Accuracy improved significantly.", "significantly", "overclaim"),
        ("The new loss clearly works after a single run.", "clearly", "overclaim"),
        ("We got 91% on val, so test accuracy is 91%.", "test accuracy", "overclaim"),
        ("We tuned the threshold on the test set.", "tuned the threshold on the test", "overclaim"),
        ("It might possibly be somewhat better: +4 pts.", "might possibly be somewhat", "hedge"),
        ("Latency may perhaps be lower, 220ms to 140ms.", "may perhaps", "hedge"),
    ],
)
def test_overclaims_are_found_with_their_span(text: str, phrase: str, kind: str) -> None:
    found = find_overclaims(text)
    assert [(o.phrase, o.kind) for o in found] == [(phrase, kind)]
    assert text[found[0].start : found[0].end] == phrase and found[0].why


@pytest.mark.parametrize(
    "text",
    [
        CAREFUL,
        "Accuracy improved significantly (p < 0.01, n=4000).",
        "Recall +2 pts on val across 5 seeds; the test set is untouched.",
        "It may help: recall +1 pt on val.",
        "The gain might be noise.",
    ],
)
def test_careful_text_has_no_overclaims(text: str) -> None:
    assert find_overclaims(text) == []


def test_acceptance_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(OVERCLAIMING, encoding="utf-8")
    assert main(["uncertainty", "--engine", "offline", "--json", str(notes)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["phrase"] for o in data["overclaims"]] == ["guarantees"]
    assert OVERCLAIMING[data["overclaims"][0]["start"] : data["overclaims"][0]["end"]] == "guarantees"

    notes.write_text(CAREFUL, encoding="utf-8")
    assert main(["uncertainty", "--engine", "offline", "--json", str(notes)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overclaims"] == []
    assert {"hypotheses", "confidence", "next_decision", "text", "text_technical"} <= data.keys()


def test_offline_hypotheses_count_failures_as_learning() -> None:
    result = offline().uncertainty(CAREFUL)

    assert isinstance(result, UncertaintyResult)
    focal, backbone = result.hypotheses
    assert focal.hypothesis == "Trying focal loss improves recall" and "+2 pts" in focal.result
    assert focal.learned.startswith("A trade-off")
    assert backbone.learned.startswith("Ruled out") and "negative result" in backbone.learned
    assert result.confidence.startswith("Low") and "validation" in result.confidence
    assert "label noise" in result.next_decision and result.next_decision.endswith("by when?")
    assert result.fact_check.ok and result.warnings == []
    for number in ("+2 pts", "1 pt", "F1"):
        assert number in result.text


def test_a_dated_next_step_is_kept_and_no_date_is_invented() -> None:
    dated = offline().uncertainty("Tried mixup, accuracy +1 pt on val.\nNext: run it on the test set by Friday.")
    assert dated.next_decision == "Run it on the test set by Friday."
    undated = offline().uncertainty("Tried mixup, accuracy +1 pt on val.")
    assert undated.next_decision.endswith("by when?") and undated.fact_check.ok


def test_stdin_and_text_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(OVERCLAIMING.encode())))
    assert main(["uncertainty", "--engine", "offline", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[offline]") and "'guarantees'" in out


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("We had a nice offsite and planned the quarter.", "no experiment"),
    ],
)
def test_bad_input_is_a_clear_input_error(notes: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        offline().uncertainty(notes)


def test_cli_bad_input_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "n.txt"
    notes.write_text("Lunch was great.", encoding="utf-8")
    assert main(["uncertainty", "--engine", "offline", str(notes)]) == 2
    assert "no experiment" in capsys.readouterr().err


# --- the LLM engine against the scripted loopback server ------------------------------------------------------


def llm_coach(server: LLMServer) -> Coach:
    return Coach.from_settings(
        Settings(  # type: ignore[call-arg]
            _env_file=None,
            COACH_ENGINE="llm",
            OPENAI_BASE_URL=server.base_url,
            OPENAI_API_KEY="sk-test",
            COACH_MAX_RETRIES=0,
            COACH_DEADLINE=20,
        )
    )


def answer(text: str) -> dict[str, Any]:
    return {
        "hypotheses": [{"hypothesis": "Focal loss helps recall", "result": "recall +2 pts on val", "learned": "Maybe"}],
        "confidence": "Low: a single validation run.",
        "next_decision": "Check label noise — by when?",
        "text": text,
        "text_technical": "Focal loss: recall +2 pts on val.",
    }


def test_llm_valid_answer_keeps_the_deterministic_overclaims(llm_server: LLMServer) -> None:
    llm_server.enqueue(answer("Focal loss lifted recall +2 pts on val; the notes' 99% claim is unsupported."))
    result = llm_coach(llm_server).uncertainty(OVERCLAIMING)

    assert result.engine == "llm" and result.prompt is not None and result.prompt.name == "uncertainty"
    assert [o.phrase for o in result.overclaims] == ["guarantees"]
    assert result.fact_check.ok and result.warnings == []
    assert "<text>" in llm_server.requests[0]["messages"][-1]["content"]


def test_llm_invented_number_and_overclaim_are_warned(llm_server: LLMServer) -> None:
    llm_server.enqueue(answer("Focal loss lifted recall +2 pts on val and 99% recall, which proves it works. ROI 40%."))
    result = llm_coach(llm_server).uncertainty(OVERCLAIMING)

    assert "40%" in result.fact_check.added
    assert any("40%" in w for w in result.warnings)
    assert any("overclaims: proves" in w for w in result.warnings)


# --- the UI tab through gradio_client ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    demo, url = start(Coach(settings(COACH_ENGINE="offline")))
    c = Client(url, verbose=False)
    try:
        yield c
    finally:
        c.close()
        demo.close()


def test_ui_tab_shows_sections_and_overclaims(client: Any) -> None:
    status, hypotheses, sections, overclaims, text, technical, _ = client.predict(OVERCLAIMING, api_name="/uncertainty")
    assert status.startswith("**1 hypothesis** · 1 overclaim")
    assert hypotheses["data"][0][0] == "Trying focal loss improves recall"
    assert overclaims["data"][0][0] == "guarantees"
    assert "**Confidence:**" in sections and "+2 pts" in text and technical.startswith("Hypotheses:")


def test_ui_bad_input_warns_and_leaves_everything(client: Any) -> None:
    outputs = client.predict("Lunch was great.", api_name="/uncertainty")
    assert all(o == {"__type__": "update"} for o in outputs)
