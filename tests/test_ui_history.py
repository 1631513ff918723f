"""History: every feature call of the UI is saved (failures too, with their input), listed newest first, and
reopenable in its own tab — a practice answer with its session; a redraft the page made on its own is not saved."""

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
from coach.ui import history_tab, practice_tab, weekly_tab
from coach.ui.history import Reopener, input_text, record, result_text, split_input

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
        (
            "practice",
            {
                "title": "A slipped model",
                "turns": [
                    {"role": "persona", "text": "Why?"},
                    {"role": "user", "text": "Data.", "result": {"overall": 2.5}},
                    {"role": "persona", "text": "When will it ship?"},
                ],
            },
            "A slipped model: last answer 2.5/5\nThey ask: When will it ship?",
        ),
        ("practice", {"title": "T", "turns": [], "debrief": {"overall": 3.7}}, "T: debrief, overall 3.7/5"),
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


# --- practice answers, streamed translations, and what the page does on its own -------------------------------

PRACTICE_ANSWER = "The fraud model ships two weeks late, on 14 March, because labelled data arrived late."


def practice_reopener(coach: Coach) -> dict[str, Reopener]:
    outputs = ["chat", "intro", "scores", "state", "answer"]  # stand-ins: reopen only counts them
    return {"practice": Reopener(outputs=outputs, values=lambda item: practice_tab.reopen_entry(coach, item))}


def test_a_practice_answer_is_saved_with_its_session_and_reopens_it(coach: Coach) -> None:
    session = coach.practice_start("executive", "model-slipped")
    after = coach.practice_reply(session, PRACTICE_ANSWER)
    rows, ids = history_tab.listing(coach)
    assert rows[0][1] == "Practice" and rows[0][2] == PRACTICE_ANSWER
    assert rows[0][3].startswith("A model that slipped its deadline: last answer ")

    _, _, shown, _ = history_tab.show(coach, ids, 0)
    assert "They ask: " + after.turns[-1].text in shown

    tabs, box, chat, intro, scores, state, answer = history_tab.reopen(
        coach, ids[0], ["translate-text"], practice_reopener(coach)
    )
    assert tabs.selected == "practice" and box == gr.skip()
    assert [m["content"] for m in chat] == [t.text for t in after.turns]
    assert state["id"] == after.id and "Your last answer" in scores and "slipped" in intro
    assert answer == gr.skip()  # it was sent: not put back to be sent twice


def test_a_failed_practice_answer_reopens_into_the_answer_box(coach: Coach) -> None:
    session = coach.practice_start("executive", "model-slipped")
    done = coach.practice_end(coach.practice_reply(session, PRACTICE_ANSWER))
    with pytest.raises(InputError, match="has ended"):
        coach.practice_reply(done, "One more thing I forgot to say.")
    [failed, _] = coach.store.recent_history(2)
    assert failed.feature == "practice" and failed.error and failed.input_text == "One more thing I forgot to say."

    *_, state, answer = history_tab.reopen(coach, failed.id, [], practice_reopener(coach))

    assert answer == "One more thing I forgot to say." and state["debrief"] is not None


def test_the_other_tabs_skip_the_practice_outputs_when_reopening(coach: Coach) -> None:
    coach.translate(RECALL, "executive")
    [item] = coach.store.recent_history(1)

    tabs, box, *practice = history_tab.reopen(coach, item.id, ["translate-text"], practice_reopener(coach))

    assert tabs.selected == "translate" and box == RECALL and practice == [gr.skip()] * 5


def test_a_streamed_translation_is_saved_once_when_its_result_arrives(coach: Coach) -> None:
    [result] = list(coach.translate_stream(RECALL, "executive"))
    with pytest.raises(InputError):
        list(coach.translate_stream(RECALL, "CFO"))

    failed, saved = coach.store.recent_history(3)
    assert json.loads(saved.result_json)["rewrite"] == result.rewrite and saved.error is None
    assert failed.input_text == RECALL and "Unknown audience" in (failed.error or "")


def test_a_redraft_after_a_log_change_is_not_a_new_line(coach: Coach) -> None:
    entry = coach.store.add_entry("Cut p95 latency from 420ms to 180ms", kind="progress")
    weekly_tab.draft(coach, "log", "", entry.week, "manager", "markdown")  # the user asked: saved
    drafted = {"source": "log", "week": entry.week}

    coach.store.add_entry("Migrated billing to Postgres 16", kind="progress")
    again, *_ = weekly_tab.redraft(coach, drafted, entry.week, "manager", "markdown")

    assert "Postgres 16" in again
    assert [i.feature for i in coach.store.recent_history()] == ["weekly"]
    coach.weekly(week=entry.week)  # recording is back on after the redraft
    assert len(coach.store.recent_history()) == 2
