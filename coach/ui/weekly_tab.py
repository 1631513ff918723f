"""The Weekly update tab: keep this week's outcome log, then draft Progress / Problems / Plan from it or from notes.

The log is read on every page load (a reload or a new visit shows it at once) and the week is today's week at
that moment, not at server start. Entries are picked by clicking a row: the row's entry can then be edited or
deleted (after a confirmation), and the last change undone. A draft made from the log is drafted again when the
log changes, so it never shows a deleted entry (that redraft is not a new line in the history). Bad input is a
toast and the outputs stay as they were.
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from coach.core import Coach
from coach.errors import CoachError, InputError
from coach.features.weekly import FORMATS, WeeklyResult, readers, resolve_week
from coach.features.weekly.render import as_format
from coach.store import LogEntry
from coach.ui import prompt_view
from coach.ui.common import editable_markdown, failure_message, guard, notes_markdown, submits_to
from coach.ui.history import unrecorded

log = logging.getLogger(__name__)

KINDS = [
    ("Let coach decide", "note"),
    ("Progress", "progress"),
    ("Problem", "problem"),
    ("Plan", "plan"),
]
KIND_LABELS = {"note": "Any (coach decides)", "progress": "Progress", "problem": "Problem", "plan": "Plan"}
"""What the table shows for each stored kind (never the raw value)."""
SOURCES = [("This week's outcome log", "log"), ("Notes I paste", "notes")]
LOG_HEADERS = ["Kind", "Entry", "Logged"]
NOTES_EXAMPLE = (
    "Progress:\n- Cut p95 latency from 420ms to 180ms (JIRA-4411)\nProblems:\n- Vendor API rate limits slowed the "
    "import\nNext week:\n- Roll the new cache out to EU"
)
NONE_SELECTED = "Click an entry in the table to edit or delete it."


def log_rows(coach: Coach, week: str) -> tuple[list[list[str]], list[int]]:
    """The week's entries as table rows (kind as words, local time), and their ids in the same order."""
    entries = coach.store.list_entries(resolve_week(week or None))
    rows = [[KIND_LABELS[e.kind], e.text, e.created_at.astimezone().strftime("%a %d %b %H:%M")] for e in entries]
    return rows, [e.id for e in entries]


def _entry_json(entry: LogEntry) -> dict[str, Any]:
    return entry.model_dump(mode="json")


def on_load(coach: Coach) -> list[Any]:
    """A page load: this week (today's, not the server's start), its entries, nothing selected."""
    week = resolve_week(None)
    return [week, *guard("log list", lambda: list(log_rows(coach, week)), 2)]


def show_week(coach: Coach, week: str) -> list[Any]:
    """[week (normalised), rows, ids] for the week typed; a warning and nothing changed when it is not a week."""

    def body() -> list[Any]:
        wk = resolve_week(week.strip() or None)
        return [wk, *log_rows(coach, wk)]

    return guard("log list", body, 3)


def add_entry(coach: Coach, text: str, kind: str, week: str) -> list[Any]:
    """[entry box, week, rows, ids]: the entry is logged under today's week, and that week is shown."""

    def body() -> list[Any]:
        entry = coach.store.add_entry(text, kind=kind)  # type: ignore[arg-type]  # checked by the store
        shown = (week or "").strip().upper()
        if shown and shown != entry.week:
            gr.Info(f"Logged for this week, {entry.week}; the list now shows that week.")
        else:
            gr.Info(f"Logged for {entry.week}.")
        return ["", entry.week, *log_rows(coach, entry.week)]  # the entry box is cleared only on success

    return guard("log add", body, 4)


def select_entry(coach: Coach, ids: list[int], evt: gr.SelectData) -> list[Any]:
    """[selected id, editor visible, selected text, editor text, editor kind] for the clicked row."""

    def body() -> list[Any]:
        row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        if not isinstance(row, int) or not 0 <= row < len(ids or []):
            raise InputError("That row is no longer in the list; click an entry again.")
        entry = coach.store.get_entry(ids[row])
        label = f"**Selected:** {KIND_LABELS[entry.kind]} · logged {entry.created_at.astimezone():%a %d %b %H:%M}"
        return [entry.id, gr.Group(visible=True), label, entry.text, entry.kind]

    return guard("log select", body, 5)


def save_entry(coach: Coach, selected: int | None, text: str, kind: str, week: str) -> list[Any]:
    """[undo, undo button, rows, ids]: the selected entry changed; the old version kept for Undo."""

    def body() -> list[Any]:
        before = coach.store.get_entry(_selected(selected))
        coach.store.update_entry(before.id, text=text, kind=kind)  # type: ignore[arg-type]  # checked by the store
        gr.Info("Entry saved.")
        undo = {"op": "edit", "entry": _entry_json(before)}
        return [undo, gr.Button("Undo the edit", visible=True), *log_rows(coach, week)]

    return guard("log edit", body, 4)


def ask_delete(coach: Coach, selected: int | None) -> list[Any]:
    """[confirmation visible, its question]: nothing is deleted until the user confirms."""

    def body() -> list[Any]:
        entry = coach.store.get_entry(_selected(selected))
        preview = entry.text if len(entry.text) <= 80 else entry.text[:79] + "…"
        return [gr.Group(visible=True), f"Delete “{preview}”? You can undo it right after."]

    return guard("log delete", body, 2)


def delete_entry(coach: Coach, selected: int | None, week: str) -> list[Any]:
    """[undo, undo button, selected, editor, confirmation, rows, ids]: deleted, Undo offered, nothing selected."""

    def body() -> list[Any]:
        entry = coach.store.get_entry(_selected(selected))
        coach.store.delete_entry(entry.id)
        gr.Info("Entry deleted.")
        undo = {"op": "delete", "entry": _entry_json(entry)}
        hidden = [None, gr.Group(visible=False), gr.Group(visible=False)]
        return [undo, gr.Button("Undo the delete", visible=True), *hidden, *log_rows(coach, week)]

    return guard("log delete", body, 7)


def undo_change(coach: Coach, undo: dict[str, Any] | None, week: str) -> list[Any]:
    """[undo, undo button, rows, ids]: the last edit or delete reversed (a deleted entry comes back with its time)."""

    def body() -> list[Any]:
        if not undo:
            raise InputError("Nothing to undo.")
        entry = LogEntry.model_validate(undo["entry"])
        if undo["op"] == "delete":
            coach.store.add_entry(entry.text, kind=entry.kind, when=entry.created_at)
            gr.Info("The entry is back.")
        else:
            coach.store.update_entry(entry.id, text=entry.text, kind=entry.kind)
            gr.Info("The edit is undone.")
        return [None, gr.Button(visible=False), *log_rows(coach, week)]

    return guard("log undo", body, 4)


def _selected(selected: int | None) -> int:
    if not selected:
        raise InputError(NONE_SELECTED)
    return int(selected)


def draft(coach: Coach, source: str, notes: str, week: str, reader: str, fmt: str) -> list[Any]:
    """[update, warnings, result, drafted-from, prompt]: the weekly update; a failure is a toast (and a history
    line)."""
    with prompt_view.recording(coach) as sent:
        values = _draft(coach, source, notes, week, reader, fmt)
    result = values[2]
    if isinstance(result, dict) and "__type__" not in result:  # a result, not a skip
        return [*values, prompt_view.prompt_text(WeeklyResult.model_validate(result), sent)]
    return [*values, gr.skip()]


def _draft(coach: Coach, source: str, notes: str, week: str, reader: str, fmt: str) -> list[Any]:
    try:
        if source == "log":
            wk = resolve_week(week.strip() or None)
            if not coach.store.list_entries(wk):
                raise InputError(
                    f"Nothing logged for {wk} yet: add what happened under “Outcome log” (left), or choose "
                    "“Notes I paste” and paste your notes."
                )
            result = coach.weekly(week=wk, reader=reader, fmt=fmt)
        else:
            result = coach.weekly(week=week.strip() or None, notes=notes, reader=reader, fmt=fmt)
    except Exception as exc:  # the coach records its own failures in the history (coach.ui.history)
        gr.Warning(failure_message(exc, "weekly"))
        return [gr.skip()] * 4
    drafted = {"source": source, "week": result.week}
    return [result.text, notes_markdown(result.warnings), result.model_dump(mode="json"), drafted]


def redraft(coach: Coach, drafted: dict[str, Any] | None, week: str, reader: str, fmt: str) -> list[Any]:
    """After the log changed: draft again if the update shown was drafted from that week's log (not saved to the
    history: the user asked for the first draft, not for this one)."""
    if not drafted or drafted.get("source") != "log" or drafted.get("week") != (week or "").strip().upper():
        return [gr.skip()] * 5
    try:
        if not coach.store.list_entries(drafted["week"]):
            return ["", "The log for this week is empty now; add entries to draft again.", None, None, ""]
    except CoachError as exc:
        gr.Warning(str(exc))
        return [gr.skip()] * 5
    with unrecorded():
        return draft(coach, "log", "", week, reader, fmt)


def notes_chosen(notes: str) -> Any:
    """ "Draft from" follows the notes box: notes in it mean the user wants them drafted."""
    return "notes" if notes.strip() else gr.skip()


def reformat(state: dict[str, Any] | None, fmt: str) -> Any:
    if not state:
        return gr.skip()
    return guard("weekly format", lambda: [WeeklyResult.model_validate(state).render(as_format(fmt))], 1)[0]


def add_tab(coach: Coach) -> None:
    """The Weekly update tab: keep the outcome log (add, pick, edit, delete, undo) and draft the update."""
    with gr.Column():
        gr.Markdown(
            "Log outcomes as work gets done; at the end of the week draft them into a **Progress / Problems / "
            "Plan** update for your manager, an executive or your team."
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=300):
                gr.Markdown("### Outcome log")
                entry = gr.Textbox(
                    label="What happened?",
                    lines=2,
                    placeholder="Cut p95 latency from 420ms to 180ms (JIRA-4411) — Ctrl+Enter adds it",
                    elem_id="log-entry",
                    elem_classes=[submits_to("log-add")],
                )
                kind = gr.Radio(KINDS, value="note", label="File it under")
                add_button = gr.Button("Add to log", variant="primary", elem_id="log-add")
                with gr.Row():
                    week = gr.Textbox(label="Week", placeholder="2026-W48", elem_id="log-week")
                    this_week = gr.Button("This week", size="sm", scale=0, min_width=110)
                entries = gr.Dataframe(
                    headers=LOG_HEADERS,
                    label="Entries (click one to edit or delete it)",
                    wrap=True,
                    interactive=False,
                    column_widths=["22%", "53%", "25%"],
                    elem_id="log-table",
                )
                ids = gr.State([])
                selected = gr.State(None)
                undo = gr.State(None)
                undo_button = gr.Button("Undo", visible=False, size="sm", elem_id="log-undo")
                with gr.Group(visible=False, elem_id="log-editor") as editor:
                    chosen = gr.Markdown(NONE_SELECTED)
                    edit_text = gr.Textbox(label="Entry", lines=2, elem_id="log-edit-text")
                    edit_kind = gr.Radio(KINDS, value="note", label="File it under", elem_id="log-edit-kind")
                    with gr.Row():
                        save_button = gr.Button("Save changes", size="sm", elem_id="log-save")
                        delete_button = gr.Button("Delete…", variant="stop", size="sm", elem_id="log-delete")
                with gr.Group(visible=False, elem_id="log-confirm") as confirm:
                    question = gr.Markdown()
                    with gr.Row():
                        yes = gr.Button("Yes, delete", variant="stop", size="sm", elem_id="log-delete-yes")
                        no = gr.Button("Cancel", size="sm", elem_id="log-delete-no")
            with gr.Column(scale=3, min_width=300):
                gr.Markdown("### Draft the update")
                source = gr.Radio(SOURCES, value="log", label="Draft from")
                notes = gr.Textbox(
                    label="Notes (when drafting from notes)",
                    lines=6,
                    placeholder="Progress:\n- …\nProblems:\n- …\nNext week:\n- …",
                    elem_id="weekly-notes",
                    elem_classes=[submits_to("weekly-draft")],
                )
                gr.Examples([NOTES_EXAMPLE], inputs=[notes], label="Try an example (one click fills the notes)")
                with gr.Row():
                    reader = gr.Radio(list(readers()), value="manager", label="Reader")
                    fmt = gr.Radio(list(FORMATS), value="markdown", label="Format")
                draft_button = gr.Button("Draft weekly update", variant="primary", elem_id="weekly-draft")
                update = editable_markdown(
                    "Weekly update (edit it here, then copy or download)",
                    "weekly-update.md",
                    lines=14,
                    elem_id="weekly-update",
                    download_id="weekly-md",
                )
                warnings = gr.Markdown()
                state = gr.State(None)
                drafted = gr.State(None)
                prompt, show_prompt = prompt_view.prompt_panel("weekly-prompt")

        # Handlers are named functions: Gradio reads their annotations (SelectData) and names (the API page).
        def load() -> list[Any]:
            return on_load(coach)

        def log_add(text: str, kind_: str, week_: str) -> list[Any]:
            return add_entry(coach, text, kind_, week_)

        def log_list(week_: str) -> list[Any]:
            return show_week(coach, week_)

        def log_this_week() -> list[Any]:
            return show_week(coach, "")

        def log_select(ids_: list[int], evt: gr.SelectData) -> list[Any]:
            return select_entry(coach, ids_, evt)

        def log_save(selected_: int | None, text: str, kind_: str, week_: str) -> list[Any]:
            return save_entry(coach, selected_, text, kind_, week_)

        def log_ask_delete(selected_: int | None) -> list[Any]:
            return ask_delete(coach, selected_)

        def log_cancel() -> Any:
            return gr.Group(visible=False)

        def log_delete(selected_: int | None, week_: str) -> list[Any]:
            return delete_entry(coach, selected_, week_)

        def log_undo(undo_: dict[str, Any] | None, week_: str) -> list[Any]:
            return undo_change(coach, undo_, week_)

        def weekly(source_: str, notes_: str, week_: str, reader_: str, fmt_: str) -> list[Any]:
            return draft(coach, source_, notes_, week_, reader_, fmt_)

        def weekly_again(drafted_: dict[str, Any] | None, week_: str, reader_: str, fmt_: str) -> list[Any]:
            return redraft(coach, drafted_, week_, reader_, fmt_)

        listed = [entries, ids]
        private: dict[str, Any] = {"api_visibility": "private"}
        drafts = [update, warnings, state, drafted, prompt]
        again = {"fn": weekly_again, "inputs": [drafted, week, reader, fmt], "outputs": drafts}
        gr.on(None, load, inputs=None, outputs=[week, *listed], **private)
        add_button.click(log_add, [entry, kind, week], [entry, week, *listed], api_name="log_add").then(
            **again, **private
        )
        week.submit(log_list, [week], [week, *listed], api_name="log_list")
        week.blur(log_list, [week], [week, *listed], **private)
        this_week.click(log_this_week, None, [week, *listed], **private)
        entries.select(log_select, [ids], [selected, editor, chosen, edit_text, edit_kind], **private)
        save_button.click(
            log_save, [selected, edit_text, edit_kind, week], [undo, undo_button, *listed], **private
        ).then(**again, **private)
        delete_button.click(log_ask_delete, [selected], [confirm, question], **private)
        no.click(log_cancel, None, [confirm], **private)
        yes.click(
            log_delete, [selected, week], [undo, undo_button, selected, editor, confirm, *listed], **private
        ).then(**again, **private)
        undo_button.click(log_undo, [undo, week], [undo, undo_button, *listed], **private).then(**again, **private)
        show_prompt(draft_button.click(weekly, [source, notes, week, reader, fmt], drafts, api_name="weekly"))
        fmt.change(reformat, inputs=[state, fmt], outputs=[update], **private)
        # Notes written, pasted, loaded from an example or reopened from the history: draft from them.
        notes.change(notes_chosen, [notes], [source], **private)
