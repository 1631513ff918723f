"""The "Write your own version" panel inside the Translate tab: the user writes their own version of the text
for the reader picked above, and coach checks it (`Coach.check`) — facts, jargon, length, outcome first,
readability — with suggestions.

The panel reads the Translate tab's text box and reader choice, so the original is typed once. Its draft box is
only ever an input: a check, or a failed one, never changes what the user wrote.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr

from coach.core import Coach
from coach.errors import CoachError, InputError
from coach.features.check import CheckResult
from coach.readers import builtin_audiences
from coach.ui.common import engine_badge, inert, notes_markdown

log = logging.getLogger(__name__)

_NAMES = {r.id: r.name for r in builtin_audiences().values()} | {"custom": "the reader you described"}


def reader_of(audiences: str | Sequence[str] | None, custom: str | None) -> tuple[str, bool]:
    """The reader to check for: the first one picked above (a described reader after the ticked ones, as the
    Translate tab orders them), and whether more than one was picked."""
    picked = [audiences] if isinstance(audiences, str) else list(audiences or [])
    picked = [p for p in picked if p and p.strip()]
    if custom and custom.strip():
        picked.append(custom.strip())
    if not picked:
        raise InputError("Pick who will read it (or describe a reader) above, then check your draft.")
    return picked[0], len(picked) > 1


def checks_markdown(r: CheckResult) -> str:
    """Facts, jargon left, length against the budget, outcome first and readability, as Markdown."""
    fc, ln = r.fact_check, r.length
    lines = ["✓ **Facts:** every number, name and negation of the original is kept." if fc.ok else "✗ **Facts:**"]
    if fc.missing:
        lines.append(f"- missing from your draft: {inert(', '.join(fc.missing))}")
    if fc.added:
        lines.append(f"- not in the original: {inert(', '.join(fc.added))}")
    terms = ", ".join(dict.fromkeys(h.term for h in r.jargon_left))
    lines.append(f"\n{'✗' if terms else '✓'} **Jargon left:** {inert(terms) if terms else 'none'}")
    mark = "✗" if ln.over else "✓"
    lines.append(
        f"\n{mark} **Length:** {ln.words} words (budget {ln.budget}) · {ln.sentences} sentences "
        f"(budget {ln.sentence_budget})"
    )
    lead = f" — your first sentence: “{inert(r.lead)}”" if r.lead else ""
    lines.append(f"\n{'✓' if r.outcome_first else '✗'} **Outcome first:** {'yes' if r.outcome_first else 'no'}{lead}")
    lines.append(
        f"\n**Readability:** grade {r.readability.before:.1f} (original) → {r.readability.after:.1f} "
        "(your draft; lower is easier)"
    )
    return "\n".join(lines)


def suggestions_markdown(r: CheckResult) -> str:
    if not r.suggestions:
        return "✓ **No problems found by the checks.**"
    lines = ["**Suggestions**"]
    for i, s in enumerate(r.suggestions, start=1):
        by = " *(model)*" if s.by == "model" else ""
        lines.append(f"{i}. {inert(s.text)}{by}")
    return "\n".join(lines)


def check_draft(
    coach: Coach, original: str, audiences: str | Sequence[str] | None, custom: str | None, draft: str
) -> list[Any]:
    """The panel's handler: [status, checks, suggestions, warnings]. A failure is a toast and a status line,
    never a traceback; the draft box is not an output, so what the user wrote stays."""
    try:
        reader, several = reader_of(audiences, custom)
        result = coach.check(original or "", draft or "", audience=reader)
    except CoachError as exc:
        return _failed(str(exc))
    except Exception as exc:  # a library bug: one line for the user, the traceback in the server log
        log.exception("check failed")
        return _failed(f"Unexpected {type(exc).__name__}: {exc} — please report this.")
    name = _NAMES.get(result.audience, result.audience)
    first = " (the first reader picked above)" if several else ""
    status = f"**{engine_badge(result.engine, result.model)}** · your draft, checked for {inert(name)}{first}"
    return [status, checks_markdown(result), suggestions_markdown(result), notes_markdown(result.warnings)]


def _failed(message: str) -> list[Any]:
    gr.Warning(message)
    # Earlier results were for another draft or text: cleared, so they are not read as this one's.
    return [f"⚠ {inert(message)}", "", "", ""]


def add_check_panel(
    coach: Coach, original: gr.Textbox, audiences: gr.components.Component, custom: gr.Textbox | None = None
) -> None:
    """The "Write your own version" accordion, checking against `original` for the reader chosen in `audiences`
    (a CheckboxGroup or a Dropdown) or described in `custom` (a Textbox, optional)."""
    with gr.Accordion("Write your own version", open=False, elem_id="check-panel"):
        gr.Markdown(
            "Write the text your way for the reader picked above; coach checks it against the original: facts "
            "lost or added, jargon they won't know, length, whether the result comes first, readability."
        )
        draft = gr.Textbox(label="Your version", lines=6, placeholder="Lead with the result…", elem_id="check-draft")
        button = gr.Button("Check my draft", variant="secondary", elem_id="check-button")
        status = gr.Markdown(elem_id="check-status")
        checks = gr.Markdown(elem_id="check-checks")
        suggestions = gr.Markdown(elem_id="check-suggestions")
        warnings = gr.Markdown(elem_id="check-warnings")

    def run(text: str, picked: str | list[str] | None, described: str | None, written: str) -> list[Any]:
        return check_draft(coach, text, picked, described, written)

    inputs = [original, audiences, custom if custom is not None else gr.State(""), draft]
    button.click(run, inputs=inputs, outputs=[status, checks, suggestions, warnings], api_name="check_draft")
