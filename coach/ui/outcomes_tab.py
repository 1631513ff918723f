"""The Outcomes tab: a task list in, a table of outcome statements and the questions still to answer.

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
from coach.features.outcomes import OutcomesResult
from coach.ui.common import guard as _guard
from coach.ui.common import notes_markdown

log = logging.getLogger(__name__)

TASKS_EXAMPLE = (
    "completed JIRA-4411\n"
    "migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms\n"
    "added regularisation to the model\n"
    "Had 3 final round interviews for head of X, none successful, 2 more lined up next week"
)
OUTCOME_HEADERS = ["Task", "Outcome", "Activity only?", "Question to answer"]


def outcome_rows(result: OutcomesResult) -> list[list[str]]:
    return [[i.task, i.outcome, "yes" if i.activity_only else "", i.question or ""] for i in result.items]


def outcome_text(result: OutcomesResult) -> str:
    """The outcome statements as a bullet list, ready to paste."""
    return "\n".join(f"- {i.outcome}" for i in result.items)


def add_tab(coach: Coach) -> None:
    """The Outcomes tab: a task list in, a table of outcome statements and questions out."""

    def make(tasks: str) -> list[Any]:
        def body() -> list[Any]:
            result = coach.outcomes(tasks)
            asked = sum(i.activity_only for i in result.items)
            status = (
                f"**{len(result.items)} task{'s' if len(result.items) != 1 else ''}** · {asked} need a result "
                f"({'offline engine' if result.engine == 'offline' else 'LLM engine'})"
            )
            return [status, outcome_rows(result), outcome_text(result), notes_markdown(result.warnings)]

        return _guard("outcomes", body, 4)

    with gr.Column():
        gr.Markdown(
            "Paste what you did, one task per line (bullets and ticket IDs welcome). Each becomes an outcome "
            "— what changed, for whom, with what result — or the one question that would make it one."
        )
        tasks = gr.Textbox(label="Tasks", lines=8, placeholder=TASKS_EXAMPLE, elem_id="outcomes-tasks")
        gr.Examples([TASKS_EXAMPLE], inputs=tasks, label="Try an example")
        button = gr.Button("Turn into outcomes", variant="primary")
        status = gr.Markdown(elem_id="outcomes-status")
        table = gr.Dataframe(headers=OUTCOME_HEADERS, label="Outcomes", wrap=True, interactive=False)
        copy = gr.Textbox(label="Outcome statements (copy)", lines=4, interactive=False, buttons=["copy"])
        notes = gr.Markdown()
        button.click(make, inputs=[tasks], outputs=[status, table, copy, notes], api_name="outcomes")
