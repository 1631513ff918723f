"""History: every feature call of the UI is saved (failures too, with their input), listed newest first, and
reopenable in its own tab."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import pytest
from test_ui import RECALL, settings

from coach import Coach
from coach.errors import InputError
from coach.ui import history_tab
from coach.ui.history import input_text, record, result_text, split_input

WORKSTREAMS = "Fraud model v2: training\nHiring: 2 interviews"


@pytest.fixture
def coach(tmp_path: Path) -> Iterator[Coach]:
    c = record(Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}")))
    yield c
    c.store.close()


def test_results_and_failed_attempts_are_saved_with_their_input(coach: Coach) -> None:
    coach.translate(RECALL, "executive")
    with pytest.raises(InputError):
        coach.outcomes("x" * 100_000)  # over the limit: the attempt is kept, so the paste is not lost
    coach.tradeoffs("Demo for the board", WORKSTREAMS)

    tradeoffs, failed, translated = coach.store.recent_history(3)
    assert (translated.feature, translated.input_text, translated.error) == ("translate", RECALL, None)
    assert json.loads(translated.result_json)["rewrite"] == coach.translate(RECALL, "executive").rewrite
    assert failed.feature == "outcomes" and failed.input_text == "x" * 100_000 and failed.error
    assert split_input("tradeoffs", tradeoffs.input_text) == ["Demo for the board", WORKSTREAMS]


def test_recording_twice_saves_once(coach: Coach) -> None:
    record(coach)
    coach.translate(RECALL, "executive")

    assert len(coach.store.recent_history()) == 1


def test_the_list_is_newest_first_and_marks_failures(coach: Coach) -> None:
    coach.translate(RECALL, "executive")
    with pytest.raises(InputError):
        coach.translate("   ", "executive")  # nothing typed: nothing worth keeping
    with pytest.raises(InputError):
        coach.translate(RECALL, "CFO")

    rows, ids = history_tab.listing(coach)

    assert len(rows) == 2 and ids == sorted(ids, reverse=True)
    assert rows[0][1] == "Translate" and rows[0][3].startswith("⚠ failed: ")
    assert rows[1][2] == RECALL and not rows[1][3].startswith("⚠")


def test_a_row_shows_its_input_and_result_and_reopens_in_its_tab(coach: Coach) -> None:
    coach.tradeoffs("Demo for the board", WORKSTREAMS)
    _, ids = history_tab.listing(coach)

    chosen, shown_input, shown_result, detail = history_tab.show(coach, ids, 0)
    assert shown_input.startswith("Demo for the board") and "Fraud model v2" in shown_result and detail.visible

    targets = ["translate-text", "tradeoffs-request", "tradeoffs-workstreams"]
    tabs, *boxes = history_tab.reopen(coach, chosen, targets)
    assert tabs.selected == "tradeoffs"
    assert boxes == [gr.skip(), "Demo for the board", WORKSTREAMS]


def test_reopening_with_nothing_chosen_is_a_warning(coach: Coach) -> None:
    with pytest.warns(UserWarning, match="Click a row"):
        assert history_tab.reopen(coach, None, ["translate-text"]) == [gr.skip(), gr.skip()]


@pytest.mark.parametrize(
    ("feature", "result", "shown"),
    [
        ("translate", {"rewrite": "Plain words.", "audience": "executive"}, "Plain words."),
        (
            "translate",
            [{"rewrite": "A.", "audience": "executive"}, {"rewrite": "B.", "audience": "sales"}],
            "[executive]\nA.\n\n[sales]\nB.",
        ),
        ("outcomes", {"items": [{"outcome": "Cut costs 10%"}]}, "- Cut costs 10%"),
        ("weekly", {"text": "# Weekly update"}, "# Weekly update"),
        ("check", {"suggestions": [{"text": "Lead with the result."}]}, "- Lead with the result."),
        ("other", {"x": 1}, '{\n  "x": 1\n}'),
    ],
)
def test_result_text_is_what_the_user_would_copy(feature: str, result: object, shown: str) -> None:
    assert result_text(feature, json.dumps(result)) == shown


def test_input_text_joins_two_part_inputs_so_they_split_again() -> None:
    joined = input_text("check", ("original text",), {"draft": "my draft"})

    assert split_input("check", joined) == ["original text", "my draft"]
    assert input_text("weekly", (), {"notes": None, "week": "2026-W48"}) == "(outcome log of 2026-W48)"


def test_the_history_tab_finds_every_input_box_it_reopens_into() -> None:
    from coach.ui import build_app

    async def building() -> gr.Blocks:
        return build_app(Coach(settings(COACH_ENGINE="offline")))

    demo = asyncio.run(building())
    ids = {b.elem_id for b in demo.blocks.values() if getattr(b, "elem_id", None)}

    missing = [i for boxes in history_tab.INPUT_IDS.values() for i in boxes if i not in ids]
    assert missing == []
