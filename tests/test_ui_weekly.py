"""The Weekly update tab's handlers (defects 2, 3, 5 and 6 of the web UI issue) and its API endpoints.

Handlers are called as Gradio calls them; outside a request `gr.Warning` is a Python warning and `gr.Info` a
print, so a test sees both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import gradio as gr
import pytest
from gradio_client import Client
from test_ui import settings, start

from coach import Coach
from coach.features.weekly import resolve_week
from coach.store import iso_week
from coach.ui import weekly_tab as wt

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

SKIP = gr.skip()
CLI_COMMAND = re.compile(r"`?coach (log|weekly|serve|translate|outcomes)\b|--from\b|--week\b")


@pytest.fixture
def coach(tmp_path: Any) -> Iterator[Coach]:
    c = Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}"))
    yield c
    c.store.close()


def select(row: int) -> gr.SelectData:
    return gr.SelectData(None, {"index": [row, 1], "value": "", "selected": True})


def texts(rows: list[list[str]]) -> list[str]:
    return [r[1] for r in rows]


# --- defect 2: the log shows at once, the week is today's, an added entry never vanishes ---------------------


def test_a_page_load_lists_this_weeks_entries_without_a_refresh(coach: Coach) -> None:
    entry = coach.store.add_entry("Cut p95 latency from 420ms to 180ms")

    week, rows, ids = wt.on_load(coach)

    assert week == entry.week == resolve_week(None)
    assert texts(rows) == ["Cut p95 latency from 420ms to 180ms"] and ids == [entry.id]


def test_the_week_is_the_week_of_each_page_load_not_of_server_start(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = build(coach)
    [week_box] = [b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "log-week"]
    loads = [f for f in demo.fns.values() if any(t[1] == "load" for t in f.targets) and week_box in f.outputs]
    assert len(loads) == 1  # every page load sets the week (and the table) afresh
    monkeypatch.setattr(wt, "resolve_week", lambda week: week or "2031-W07")  # the clock moved on
    assert loads[0].fn()[0] == "2031-W07"


def test_an_entry_added_while_another_week_is_shown_switches_to_its_week(
    coach: Coach, capsys: pytest.CaptureFixture[str]
) -> None:
    cleared, week, rows, ids = wt.add_entry(coach, "Shipped the EU cache", "progress", "2025-W01")

    assert cleared == "" and week == iso_week(datetime.now().astimezone())
    assert texts(rows) == ["Shipped the EU cache"] and len(ids) == 1
    assert "the list now shows that week" in capsys.readouterr().out


def test_the_draft_from_the_log_is_drafted_again_when_an_entry_is_deleted(coach: Coach) -> None:
    keep = coach.store.add_entry("Cut p95 latency from 420ms to 180ms", kind="progress")
    gone = coach.store.add_entry("Migrated billing to Postgres 16", kind="progress")
    week = keep.week
    update, _, _, drafted, prompt = wt.draft(coach, "log", "", week, "manager", "markdown")
    assert prompt == ""  # the offline engine sends no prompt
    assert "Postgres 16" in update

    wt.delete_entry(coach, gone.id, week)
    again, *_ = wt.redraft(coach, drafted, week, "manager", "markdown")

    assert "Postgres 16" not in again and "420ms to 180ms" in again


def test_a_draft_from_notes_is_left_alone_when_the_log_changes(coach: Coach) -> None:
    drafted = {"source": "notes", "week": resolve_week(None)}

    assert wt.redraft(coach, drafted, resolve_week(None), "manager", "markdown") == [SKIP] * 5


# --- defect 3: entries chosen by row, deletes confirmed, edit and undo ---------------------------------------


def test_nothing_selected_is_a_plain_warning_not_a_value_error(coach: Coach) -> None:
    with pytest.warns(UserWarning, match="Click an entry in the table") as caught:
        out = wt.ask_delete(coach, None)

    assert out == [SKIP, SKIP]
    assert not any("minimum" in str(w.message) or "Traceback" in str(w.message) for w in caught)


def test_pick_a_row_confirm_then_delete_and_undo(coach: Coach) -> None:
    first = coach.store.add_entry("Cut costs by 10%")
    second = coach.store.add_entry("EU rollout blocked on legal", kind="problem")
    week = first.week
    ids = wt.log_rows(coach, week)[1]

    picked, editor, _, text, kind = wt.select_entry(coach, ids, select(1))
    assert (picked, text, kind) == (second.id, "EU rollout blocked on legal", "problem")
    assert editor.visible is True

    confirm, question = wt.ask_delete(coach, picked)
    assert confirm.visible is True and "EU rollout blocked on legal" in question
    assert len(coach.store.list_entries(week)) == 2  # asking deletes nothing

    undo, undo_button, selected, _, _, rows, ids = wt.delete_entry(coach, picked, week)
    assert texts(rows) == ["Cut costs by 10%"] and selected is None and undo_button.visible is True

    _, _, rows, ids = wt.undo_change(coach, undo, week)
    back = coach.store.list_entries(week)[-1]
    assert texts(rows) == ["Cut costs by 10%", "EU rollout blocked on legal"]
    assert (back.kind, back.created_at) == ("problem", second.created_at)


def test_edit_a_row_then_undo_the_edit(coach: Coach) -> None:
    entry = coach.store.add_entry("Cut costs by 10%")

    undo, _, rows, _ = wt.save_entry(coach, entry.id, "Cut cloud costs by 12%", "progress", entry.week)
    assert rows == [["Progress", "Cut cloud costs by 12%", rows[0][2]]]

    wt.undo_change(coach, undo, entry.week)
    assert coach.store.get_entry(entry.id).text == "Cut costs by 10%"
    assert coach.store.get_entry(entry.id).kind == "note"


def test_a_row_deleted_elsewhere_is_a_warning(coach: Coach) -> None:
    entry = coach.store.add_entry("Cut costs by 10%")
    coach.store.delete_entry(entry.id)

    with pytest.warns(UserWarning, match="No log entry has id"):
        assert wt.delete_entry(coach, entry.id, entry.week) == [SKIP] * 7


# --- defect 5: web messages say what to do on the page --------------------------------------------------------


def test_no_web_message_tells_the_user_to_run_a_command(coach: Coach) -> None:
    attempts = [
        lambda: wt.draft(coach, "log", "", "2025-W01", "manager", "markdown"),  # an empty week
        lambda: wt.ask_delete(coach, 999),  # an entry that does not exist
        lambda: wt.undo_change(coach, None, ""),
        lambda: wt.show_week(coach, "not a week"),
        lambda: wt.add_entry(coach, "   ", "note", ""),
    ]
    messages: list[str] = []
    for attempt in attempts:
        with pytest.warns(UserWarning, match=".") as caught:
            attempt()
        messages += [str(w.message) for w in caught]

    assert len(messages) == 5
    assert [m for m in messages if CLI_COMMAND.search(m)] == []
    assert "Outcome log" in messages[0]  # what to do, on the page


def test_no_ui_string_names_a_cli_command() -> None:
    """A data rule: every string the UI code could show (docstrings and comments aside) naming a command, listed."""
    import ast
    from pathlib import Path

    import coach.ui

    offenders = []
    for path in sorted(Path(coach.ui.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Bare string statements (docstrings, attribute docstrings) are never shown to anyone.
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        offenders += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and CLI_COMMAND.search(node.value)
        ]
    assert offenders == []


# --- defect 6: the Kind column shows words ---------------------------------------------------------------------


def test_the_kind_column_shows_words_not_stored_values(coach: Coach) -> None:
    for kind in ("note", "progress", "problem", "plan"):
        coach.store.add_entry(f"an entry filed as {kind}", kind=kind)  # type: ignore[arg-type]

    rows, _ = wt.log_rows(coach, resolve_week(None))

    assert [r[0] for r in rows] == ["Any (coach decides)", "Progress", "Problem", "Plan"]


def test_log_times_are_shown_in_local_time(coach: Coach) -> None:
    when = datetime.now(UTC) - timedelta(minutes=5)
    coach.store.add_entry("a", when=when)

    [row], _ = wt.log_rows(coach, iso_week(when.astimezone()))

    assert row[2] == when.astimezone().strftime("%a %d %b %H:%M")


# --- through the API, as a script calls it ----------------------------------------------------------------------


def build(coach: Coach) -> gr.Blocks:
    """The app, built inside an event loop (see test_ui.start: outside one gradio leaks loops)."""
    import asyncio

    from coach.ui import build_app

    async def building() -> gr.Blocks:
        return build_app(coach)

    return asyncio.run(building())


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


def test_log_add_list_and_draft_through_the_api(client: Any) -> None:
    cleared, week, _ = client.predict("Cut costs by 10%", "note", "", api_name="/log_add")
    client.predict("EU rollout blocked on legal", "problem", week, api_name="/log_add")
    assert cleared == "" and week == resolve_week(None)

    shown, listed = client.predict(week, api_name="/log_list")
    assert shown == week and [row[1] for row in listed["data"]] == ["Cut costs by 10%", "EU rollout blocked on legal"]

    update, warnings = client.predict("log", "", week, "team", "email", api_name="/weekly")  # states are not in the API
    assert update.startswith("Subject: Weekly update") and "Hi team," in update
    assert "- EU rollout blocked on legal" in update and "Plan" in warnings


def test_drafting_an_empty_week_through_the_api_leaves_the_page_as_it_was(client: Any) -> None:
    outputs = client.predict("log", "", "2025-W01", "manager", "markdown", api_name="/weekly")

    assert all(o == {"__type__": "update"} for o in outputs)


def test_with_a_model_the_draft_can_show_its_prompt(tmp_path: Any, llm_server: Any) -> None:
    coach = Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}"))
    llm_server.enqueue({"progress": ["Cut p95 latency from 420ms to 180ms"], "problems": [], "plan": []})

    *_, prompt = wt.draft(coach, "notes", "Progress:\n- Cut p95 latency from 420ms to 180ms", "", "manager", "markdown")

    assert prompt.startswith("Prompt weekly · version ")
    assert all(m["content"] in prompt for m in llm_server.requests[0]["messages"])
    coach.store.close()
