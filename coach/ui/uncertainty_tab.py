"""The ML uncertainty tab: experiment notes in; hypotheses, confidence, the next decision and overclaims out."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr

from coach.core import Coach
from coach.features.uncertainty import UncertaintyResult
from coach.ui import prompt_view
from coach.ui.common import download_button, editable_markdown, engine_badge, notes_markdown, submits_to
from coach.ui.common import guard as _guard

NOTES_EXAMPLE = (
    "Tried focal loss, recall +2 pts on val but precision fell; label noise suspected.\n"
    "Tested a bigger backbone: no change in F1."
)
HYPOTHESIS_HEADERS = ["Hypothesis", "Result", "Learned"]
OVERCLAIM_HEADERS = ["Phrase", "Why it misleads"]


def sections_markdown(result: UncertaintyResult) -> str:
    return f"**Confidence:** {result.confidence}\n\n**Next decision:** {result.next_decision}"


def add_tab(coach: Coach) -> None:
    """The ML uncertainty tab."""

    def reframe(notes: str) -> list[Any]:
        def body() -> list[Any]:
            with prompt_view.recording(coach) as sent:
                result = coach.uncertainty(notes)
            status = (
                f"**{len(result.hypotheses)} hypothes{'es' if len(result.hypotheses) != 1 else 'is'}** · "
                f"{len(result.overclaims)} overclaim{'s' if len(result.overclaims) != 1 else ''} · "
                f"{engine_badge(result.engine, result.model)}"
            )
            hypotheses = [[h.hypothesis, h.result, h.learned] for h in result.hypotheses]
            overclaims = [[o.phrase, o.why] for o in result.overclaims]
            return [
                status,
                hypotheses,
                sections_markdown(result),
                overclaims,
                result.text,
                result.text_technical,
                notes_markdown(result.warnings),
                prompt_view.prompt_text(result, sent),
            ]

        return _guard("uncertainty", body, 8)

    with gr.Column():
        gr.Markdown(
            "Paste experiment notes. Get what was tested and learned (failures count), how sure you can be, "
            "the next decision — and the phrases that claim more (or less) than the evidence shows."
        )
        notes = gr.Textbox(
            label="Experiment notes",
            lines=8,
            placeholder=NOTES_EXAMPLE,
            elem_id="uncertainty-notes",
            elem_classes=[submits_to("uncertainty-button")],
        )
        gr.Examples([NOTES_EXAMPLE], inputs=notes, label="Try an example (one click fills the box)")
        button = gr.Button("Reframe", variant="primary", elem_id="uncertainty-button")
        status = gr.Markdown(elem_id="uncertainty-status")
        hypotheses = gr.Dataframe(
            headers=HYPOTHESIS_HEADERS,
            label="Hypotheses",
            wrap=True,
            interactive=False,
            column_widths=["34%", "33%", "33%"],
            elem_id="uncertainty-table",
        )
        download_button("Download .csv", hypotheses, "hypotheses.csv", "csv", elem_id="hypotheses-csv")
        sections = gr.Markdown()
        overclaims = gr.Dataframe(
            headers=OVERCLAIM_HEADERS,
            label="Overclaims",
            wrap=True,
            interactive=False,
            column_widths=["35%", "65%"],
            elem_id="overclaims-table",
        )
        download_button("Download .csv", overclaims, "overclaims.csv", "csv", elem_id="overclaims-csv")
        text = editable_markdown(
            "For a non-technical reader (edit, copy or download)",
            "uncertainty.md",
            lines=6,
            elem_id="uncertainty-text",
            download_id="uncertainty-md",
        )
        technical = editable_markdown(
            "For a technical reader (edit, copy or download)",
            "uncertainty-technical.md",
            lines=6,
            elem_id="uncertainty-technical",
            download_id="uncertainty-tech-md",
        )
        warnings = gr.Markdown()
        prompt, show_prompt = prompt_view.prompt_panel("uncertainty-prompt")
        event = button.click(
            reframe,
            inputs=[notes],
            outputs=[status, hypotheses, sections, overclaims, text, technical, warnings, prompt],
            api_name="uncertainty",
        )
        show_prompt(event)
