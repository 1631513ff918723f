"""The Weekly update tab: keep this week's outcome log, then draft Progress / Problems / Plan from it or from notes.

Handlers only adapt values: they call `Coach` and turn results into component values. Bad input is a
`gr.Warning` toast and the outputs are left as they were (`gr.skip()`), so nothing the user typed is lost.
"""

from __future__ import annotations

import logging
import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr

from coach.core import Coach
from coach.errors import CoachError
from coach.features.weekly import FORMATS, WeeklyResult, readers, resolve_week
from coach.features.weekly.render import as_format
from coach.ui.common import guard as _guard
from coach.ui.common import notes_markdown

log = logging.getLogger(__name__)

KINDS = [
    ("Let coach decide", "note"),
    ("Progress", "progress"),
    ("Problem", "problem"),
    ("Plan", "plan"),
]
SOURCES = [("This week's outcome log", "log"), ("Notes I paste", "notes")]
LOG_HEADERS = ["ID", "Kind", "Entry", "Logged (UTC)"]


def log_rows(coach: Coach, week: str) -> list[list[str]]:
    return [
        [str(e.id), e.kind, e.text, e.created_at.strftime("%a %d %b %H:%M")]
        for e in coach.store.list_entries(resolve_week(week or None))
    ]


def add_tab(coach: Coach) -> None:
    """The Weekly update tab: keep the outcome log (add, list, delete) and draft Progress / Problems / Plan."""

    def add(text: str, kind: str, week: str) -> list[Any]:
        def body() -> list[Any]:
            entry = coach.store.add_entry(text, kind=kind)  # type: ignore[arg-type]  # checked by the store
            gr.Info(f"Logged entry {entry.id} for {entry.week}.")
            return ["", log_rows(coach, week or entry.week)]  # the entry box is cleared only on success

        return _guard("log add", body, 2)

    def listing(week: str) -> Any:
        return _guard("log list", lambda: [log_rows(coach, week)], 1)[0]  # one output: the value itself

    def delete(entry_id: float | None, week: str) -> list[Any]:
        def body() -> list[Any]:
            if entry_id is None or entry_id != int(entry_id) or entry_id < 1:
                raise CoachError("Type the ID of the entry to delete (the first column of the list).")
            coach.store.delete_entry(int(entry_id))
            gr.Info(f"Deleted entry {int(entry_id)}.")
            return [None, log_rows(coach, week)]

        return _guard("log delete", body, 2)

    def draft(source: str, notes: str, week: str, reader: str, fmt: str) -> list[Any]:
        def body() -> list[Any]:
            result = coach.weekly(week=week or None, notes=notes if source == "notes" else None, reader=reader, fmt=fmt)
            return [result.text, notes_markdown(result.warnings), result.model_dump(mode="json")]

        return _guard("weekly", body, 3)

    def reformat(state: dict[str, Any] | None, fmt: str) -> Any:
        if not state:
            return gr.skip()
        return _guard("weekly format", lambda: [WeeklyResult.model_validate(state).render(as_format(fmt))], 1)[0]

    with gr.Column():
        gr.Markdown(
            "Log outcomes as work gets done; at the end of the week draft them into a **Progress / Problems / "
            "Plan** update for your manager, an executive or your team."
        )
        with gr.Row():
            with gr.Column(scale=2):
                gr.Markdown("### Outcome log")
                entry = gr.Textbox(
                    label="What happened?", lines=2, placeholder="Cut p95 latency from 420ms to 180ms (JIRA-4411)"
                )
                kind = gr.Radio(KINDS, value="note", label="File it under")
                add_button = gr.Button("Add to log", variant="primary")
                week = gr.Textbox(label="Week", value=resolve_week(None), placeholder="2026-W48")
                entries = gr.Dataframe(headers=LOG_HEADERS, label="Entries", wrap=True, interactive=False)
                with gr.Row():
                    refresh = gr.Button("Refresh list")
                    entry_id = gr.Number(label="Entry ID", precision=0, minimum=1)
                    delete_button = gr.Button("Delete entry", variant="stop")
            with gr.Column(scale=3):
                gr.Markdown("### Draft the update")
                source = gr.Radio(SOURCES, value="log", label="Draft from")
                notes = gr.Textbox(
                    label="Notes (when drafting from notes)",
                    lines=6,
                    placeholder="Progress:\n- …\nProblems:\n- …\nNext week:\n- …",
                )
                with gr.Row():
                    reader = gr.Radio(list(readers()), value="manager", label="Reader")
                    fmt = gr.Radio(list(FORMATS), value="markdown", label="Format")
                draft_button = gr.Button("Draft weekly update", variant="primary")
                update = gr.Textbox(label="Weekly update (copy)", lines=14, interactive=False, buttons=["copy"])
                warnings = gr.Markdown()
                state = gr.State(None)
        add_button.click(add, inputs=[entry, kind, week], outputs=[entry, entries], api_name="log_add")
        refresh.click(listing, inputs=[week], outputs=[entries], api_name="log_list")
        week.submit(listing, inputs=[week], outputs=[entries])
        delete_button.click(delete, inputs=[entry_id, week], outputs=[entry_id, entries], api_name="log_delete")
        draft_button.click(
            draft, inputs=[source, notes, week, reader, fmt], outputs=[update, warnings, state], api_name="weekly"
        )
        fmt.change(reformat, inputs=[state, fmt], outputs=[update])
