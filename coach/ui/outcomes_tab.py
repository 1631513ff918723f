"""The Outcomes tab: a task list in; finished outcome statements to copy, and the tasks still needing an answer.

Handlers only adapt values: they call `Coach` and turn results into component values. Bad input is a
`gr.Warning` toast and the outputs are left as they were (`gr.skip()`), so nothing the user typed is lost.
The copy box holds only finished statements (done work with its result), so what is pasted into an update
never reads "result not stated"; each task still needing an answer is listed apart, with its one question.
With the LLM engine, "Show the prompt" reveals the exact messages sent.
"""

from __future__ import annotations

import logging
import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr

from coach.core import Coach
from coach.features.outcomes import OutcomesResult
from coach.features.outcomes.schema import STATUS_LABELS, open_reason
from coach.ui import prompt_view
from coach.ui.common import guard as _guard
from coach.ui.common import notes_markdown

log = logging.getLogger(__name__)

TASKS_EXAMPLE = (
    "completed JIRA-4411\n"
    "migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms\n"
    "added regularisation to the model\n"
    "Had 3 final round interviews for head of X, none successful, 2 more lined up next week"
)
STATUS_EXAMPLE = (
    "- [x] Shipped CSV export; 12 enterprise customers used it in the first week\n"
    "- [x] Wrote end-to-end tests for checkout\n"
    "- 🟡 SSO for the admin console — remaining: SAML, will be done after the security review\n"
    "- [ ] Add rate limiting to the public API"
)
OPEN_HEADERS = ["Task", "Status", "Question to answer"]
ALL_HEADERS = ["Task", "Outcome statement", "Status"]
# Fixed shares of the width, text wrapped: the table fits the page at 1,280 px (and on a phone) instead of
# growing with its longest cell and pushing the question off screen.
OPEN_WIDTHS: list[str | int] = ["38%", "14%", "48%"]
ALL_WIDTHS: list[str | int] = ["40%", "46%", "14%"]
NONE_FINISHED = "No finished statement yet: answer the questions below, add the result to the task, and run it again."


def open_rows(result: OutcomesResult) -> list[list[str]]:
    """The tasks still needing an answer: the task, why it is open, and its question."""
    return [[i.task, open_reason(i), i.question or ""] for i in result.open]


def all_rows(result: OutcomesResult) -> list[list[str]]:
    """Every task with its statement and status in words."""
    return [[i.task, i.outcome, STATUS_LABELS[i.status]] for i in result.items]


def outcome_text(result: OutcomesResult) -> str:
    """The finished outcome statements as a bullet list, ready to paste."""
    return result.finished_text()


def summary(result: OutcomesResult) -> str:
    n, done, asked = len(result.items), len(result.finished), len(result.open)
    engine = "offline engine" if result.engine == "offline" else "LLM engine"
    line = f"**{n} task{'s' if n != 1 else ''}** · {done} finished · {asked} need{'s' if asked == 1 else ''} an answer"
    return f"{line} ({engine})" + ("" if done else f"\n\n{NONE_FINISHED}")


def run_outcomes(coach: Coach, tasks: str) -> list[Any]:
    """[status, copy box, open tasks, all tasks, notes, prompt]; a warning and every output skipped on failure."""

    def body() -> list[Any]:
        with prompt_view.recording(coach) as sent:
            result = coach.outcomes(tasks)
        return [
            summary(result),
            outcome_text(result),
            open_rows(result),
            all_rows(result),
            notes_markdown(result.warnings),
            prompt_view.prompt_text(result, sent),
        ]

    return _guard("outcomes", body, 6)


def add_tab(coach: Coach) -> None:
    """The Outcomes tab: a task list in; finished statements to copy and the open questions out."""

    def make(tasks: str) -> list[Any]:
        return run_outcomes(coach, tasks)

    with gr.Column():
        gr.Markdown(
            "Paste what you did, one task per line (bullets, check boxes and ticket IDs welcome). Done work that "
            "states its result becomes an outcome statement — what changed, for whom, result first; every other "
            "task gets the one question that would make it one (for work not done yet: when will it land, what "
            "blocks it?)."
        )
        tasks = gr.Textbox(label="Tasks", lines=8, placeholder=TASKS_EXAMPLE, elem_id="outcomes-tasks")
        gr.Examples([TASKS_EXAMPLE, STATUS_EXAMPLE], inputs=tasks, label="Try an example")
        button = gr.Button("Turn into outcomes", variant="primary")
        status = gr.Markdown(elem_id="outcomes-status")
        copy = gr.Textbox(
            label="Finished outcome statements (copy)",
            lines=4,
            interactive=False,
            buttons=["copy"],
            elem_id="outcomes-copy",
        )
        asked = gr.Dataframe(
            headers=OPEN_HEADERS,
            label="Still needs an answer",
            wrap=True,
            interactive=False,
            column_widths=OPEN_WIDTHS,
            elem_id="outcomes-open",
        )
        with gr.Accordion("Every task, as read", open=False):
            table = gr.Dataframe(
                headers=ALL_HEADERS,
                label="All tasks",
                wrap=True,
                interactive=False,
                column_widths=ALL_WIDTHS,
                elem_id="outcomes-all",
            )
        notes = gr.Markdown()
        prompt, show_prompt = prompt_view.prompt_panel("outcomes-prompt")
        show_prompt(
            button.click(make, inputs=[tasks], outputs=[status, copy, asked, table, notes, prompt], api_name="outcomes")
        )
