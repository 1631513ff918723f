"""The Trade-offs tab: a request and the planned workstreams in; the table, the Markdown and a message out.

The table is editable: the user knows effects the offline engine marks "to assess", and fills them in before
copying. Bad input is a `gr.Warning` toast and the outputs stay as they were.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr

from coach.core import Coach
from coach.features.tradeoffs import TradeoffsResult
from coach.ui import prompt_view
from coach.ui.common import download_button, editable_markdown, engine_badge, notes_markdown, submits_to
from coach.ui.common import guard as _guard

REQUEST_EXAMPLE = "Prepare a live demo for the board next Friday"
WORKSTREAMS_EXAMPLE = (
    "Fraud model v2: training, ships in 3 weeks\nData pipeline migration: 60% done\nHiring: 2 interviews this week"
)
HEADERS = ["Workstream", "Absorb it", "Adjust planned work", "Decline"]


def table_rows(result: TradeoffsResult) -> list[list[str]]:
    return [[r.workstream, r.absorb, r.adjust, r.decline] for r in result.rows]


def add_tab(coach: Coach) -> None:
    """The Trade-offs tab."""

    def weigh(request: str, workstreams: str, asker: str) -> list[Any]:
        def body() -> list[Any]:
            with prompt_view.recording(coach) as sent:
                result = coach.tradeoffs(request, workstreams, asker=asker or None)
            status = (
                f"**{len(result.rows)} workstream{'s' if len(result.rows) != 1 else ''}** · "
                f"{engine_badge(result.engine, result.model)}"
            )
            questions = "\n".join(f"- {q}" for q in result.questions)
            return [
                status,
                questions,
                table_rows(result),
                result.markdown,
                result.message,
                notes_markdown(result.warnings),
                prompt_view.prompt_text(result, sent),
            ]

        return _guard("tradeoffs", body, 7)

    with gr.Column():
        gr.Markdown(
            "Someone asked for unplanned work? Be curious first, then show the trade-off: what absorbing it, "
            "adjusting planned work or declining means for each workstream."
        )
        request = gr.Textbox(
            label="Request",
            lines=2,
            placeholder=REQUEST_EXAMPLE,
            elem_id="tradeoffs-request",
            elem_classes=[submits_to("tradeoffs-button")],
        )
        workstreams = gr.Textbox(
            label="Workstreams (one per line: 'NAME: status')",
            lines=5,
            placeholder=WORKSTREAMS_EXAMPLE,
            elem_id="tradeoffs-workstreams",
            elem_classes=[submits_to("tradeoffs-button")],
        )
        asker = gr.Textbox(label="Who asked (optional)", lines=1)
        gr.Examples(
            [[REQUEST_EXAMPLE, WORKSTREAMS_EXAMPLE, ""]],
            inputs=[request, workstreams, asker],
            label="Try an example (one click fills the boxes)",
        )
        button = gr.Button("Show the trade-offs", variant="primary", elem_id="tradeoffs-button")
        status = gr.Markdown(elem_id="tradeoffs-status")
        questions = gr.Markdown(label="Ask first")
        table = gr.Dataframe(
            headers=HEADERS,
            label="Trade-offs (editable)",
            wrap=True,
            interactive=True,
            column_widths=["22%", "26%", "26%", "26%"],
            elem_id="tradeoffs-table",
        )
        download_button("Download .csv", table, "tradeoffs.csv", "csv", elem_id="tradeoffs-csv")
        markdown = editable_markdown(
            "Markdown (edit, copy or download)",
            "tradeoffs.md",
            lines=8,
            elem_id="tradeoffs-markdown",
            download_id="tradeoffs-md",
        )
        message = gr.Textbox(label="Message to the requester (edit, then copy)", lines=4, buttons=["copy"])
        notes = gr.Markdown()
        prompt, show_prompt = prompt_view.prompt_panel("tradeoffs-prompt")
        event = button.click(
            weigh,
            inputs=[request, workstreams, asker],
            outputs=[status, questions, table, markdown, message, notes, prompt],
            api_name="tradeoffs",
        )
        show_prompt(event)
