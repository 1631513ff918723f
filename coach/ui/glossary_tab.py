"""The Glossary tab: search the built-in and team glossaries; add, edit or remove team terms.

Team terms are saved to the team glossary file (COACH_GLOSSARY, or glossary.yaml in the data directory) and
take effect at the next request: the coach reads the glossary again after each save.
"""

from __future__ import annotations

from typing import Any, get_args

import gradio as gr

from coach.analysis.glossary import AudienceId, Category
from coach.core import Coach
from coach.readers import builtin_audiences
from coach.team_glossary import make_term, remove_term, save_term, search
from coach.ui.common import guard, submits_to

HEADERS = ["Term", "Plain words", "Also written", "Known by", "Source"]
STYLES = [("Replace it with the plain words", "replace"), ("Keep it, explain it once in brackets", "explain")]
KNOWN_BY = [(builtin_audiences()[a].name if a in builtin_audiences() else a, a) for a in get_args(AudienceId)]
CATEGORIES = list(get_args(Category))


def rows(coach: Coach, query: str) -> list[list[str]]:
    """The search results as table rows."""
    return [
        [f.entry.term, f.entry.plain, ", ".join(f.entry.aliases), ", ".join(f.entry.known_by), f.source]
        for f in search(coach.settings.team_glossary(), query or "")
    ]


def intro_text(coach: Coach) -> str:
    return (
        "The words coach explains or replaces. Search them; add your team's own terms (product names, internal "
        f"jargon) — they are saved to `{coach.settings.team_glossary()}` (COACH_GLOSSARY) and used at once."
    )


def find(coach: Coach, query: str) -> Any:
    """The search results (one output: the value itself, or a skip when the team file cannot be read)."""
    return guard("glossary search", lambda: [rows(coach, query)], 1)[0]


def pick(coach: Coach, table_rows: list[list[str]], index: int) -> list[Any]:
    """The form filled from the picked row: [term, aliases, plain, style, category, known_by, editing]."""

    def body() -> list[Any]:
        name = table_rows[index][0]
        [entry] = [f.entry for f in search(coach.settings.team_glossary(), name) if f.entry.term == name][:1]
        return [entry.term, ", ".join(entry.aliases), entry.plain, entry.style, entry.category, list(entry.known_by)]

    return [*guard("glossary pick", body, 6), table_rows[index][0] if table_rows else ""]


def save(
    coach: Coach,
    term: str,
    aliases: str,
    plain: str,
    style: str,
    category: str,
    known_by: list[str],
    editing: str,
    query: str,
) -> list[Any]:
    """[table, editing, status]: the term saved to the team glossary and in force from the next request."""

    def body() -> list[Any]:
        entry = make_term(
            term=term, plain=plain, aliases=aliases, style=style, category=category, known_by=list(known_by or [])
        )
        path = coach.settings.team_glossary()
        save_term(path, entry, replacing=editing or None)
        coach.reload()
        gr.Info(f"Saved “{entry.term}” to the team glossary.")
        status = f"Saved “{entry.term}” to `{path}`; every feature uses it from the next request."
        return [rows(coach, query or entry.term), entry.term, status]

    return guard("glossary save", body, 3)


def remove(coach: Coach, term: str, query: str) -> list[Any]:
    def body() -> list[Any]:
        path = coach.settings.team_glossary()
        remove_term(path, term)
        coach.reload()
        gr.Info(f"Removed “{term.strip()}” from the team glossary.")
        return [rows(coach, query), "", f"Removed “{term.strip()}” from `{path}`."]

    return guard("glossary remove", body, 3)


def add_tab(coach: Coach) -> None:
    """The Glossary tab."""
    intro = gr.Markdown(intro_text(coach), elem_id="glossary-intro")
    with gr.Row(equal_height=True):
        query = gr.Textbox(
            label="Search terms and plain words",
            placeholder="latency, recall, SLO…",
            elem_id="glossary-search",
            scale=4,
        )
        search_button = gr.Button("Search", scale=1, min_width=100, elem_id="glossary-search-button")
    table = gr.Dataframe(
        headers=HEADERS,
        label="Glossary (click a row to edit it as a team term)",
        wrap=True,
        interactive=False,
        max_height=420,
        column_widths=["18%", "34%", "20%", "16%", "12%"],
        elem_id="glossary-table",
    )
    with gr.Accordion("Add or edit a team term", open=True):
        with gr.Row():
            term = gr.Textbox(label="Term", placeholder="Falcon", elem_id="glossary-term")
            aliases = gr.Textbox(label="Also written as (commas)", placeholder="Project Falcon")
        plain = gr.Textbox(
            label="Plain words",
            placeholder="our new checkout system",
            elem_id="glossary-plain",
            elem_classes=[submits_to("glossary-save")],
        )
        with gr.Row():
            style = gr.Radio(STYLES, value="replace", label="How to handle it")
            category = gr.Dropdown(CATEGORIES, value="general", label="Field")
        known_by = gr.CheckboxGroup(KNOWN_BY, label="Readers who already know it (never explained to them)")
        editing = gr.State("")
        with gr.Row():
            save_button = gr.Button("Save to team glossary", variant="primary", elem_id="glossary-save")
            remove_button = gr.Button("Remove from team glossary", variant="stop", elem_id="glossary-remove")
        status = gr.Markdown(elem_id="glossary-status")

    def glossary_search(q: str) -> Any:
        return find(coach, q)

    def glossary_pick(table_rows: Any, evt: gr.SelectData) -> list[Any]:
        data = table_rows.values.tolist() if hasattr(table_rows, "values") else list(table_rows or [])
        return pick(coach, data, evt.index[0])

    def glossary_save(*values: Any) -> list[Any]:
        return save(coach, *values)

    def glossary_remove(t: str, q: str) -> list[Any]:
        return remove(coach, t, q)

    private: dict[str, Any] = {"api_visibility": "private"}
    # On each load: the file is named as it is now (the data directory is read from the environment).
    gr.on(None, lambda: [intro_text(coach), find(coach, "")], inputs=None, outputs=[intro, table], **private)
    search_button.click(glossary_search, [query], [table], api_name="glossary_search")
    query.submit(glossary_search, [query], [table], **private)
    table.select(glossary_pick, [table], [term, aliases, plain, style, category, known_by, editing], **private)
    form = [term, aliases, plain, style, category, known_by, editing, query]
    save_button.click(glossary_save, form, [table, editing, status], api_name="glossary_save")
    remove_button.click(glossary_remove, [term, query], [table, editing, status], **private)
