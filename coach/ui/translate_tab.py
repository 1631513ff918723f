"""The Translate tab: paste technical text, pick readers, get each rewrite with its changes and checks."""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from coach.analysis.jargon import outermost
from coach.core import Coach
from coach.errors import CoachError
from coach.features.translate import TranslateResult
from coach.readers import builtin_audiences
from coach.ui.common import engine_badge, inert

log = logging.getLogger(__name__)

AUDIENCES = [(r.name, r.id) for r in builtin_audiences().values()]
NAMES = {value: label for label, value in AUDIENCES} | {"custom": "Custom reader"}
SLOTS = len(AUDIENCES) + 1  # every built-in audience plus the custom reader
EXAMPLES = [
    "Our model has high recall but low precision.",
    "Yesterday's outage lasted 47 minutes: a bad config push took down the API gateway, p99 latency "
    "hit 12s and about 3% of checkout requests failed. We rolled back and added a canary stage to the CI/CD "
    "pipeline.",
    "We migrated the orders service from a monolith to Kubernetes; deploys went from 2 hours to 15 minutes "
    "and we can now scale horizontally during Black Friday.",
]
UNEXPLAINED = "unexplained jargon"


def highlighted(r: TranslateResult) -> list[tuple[str, str | None]]:
    """The original as (text, label) pieces: each outermost jargon span labelled with its plain words."""
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for hit in outermost(r.jargon):
        if hit.start > pos:
            pieces.append((r.original[pos : hit.start], None))
        pieces.append((r.original[hit.start : hit.end], hit.plain or UNEXPLAINED))
        pos = hit.end
    if pos < len(r.original):
        pieces.append((r.original[pos:], None))
    return pieces


def checks(r: TranslateResult) -> str:
    """Fact check, readability and warnings as Markdown."""
    fc = r.fact_check
    # Plain symbols, not colour emoji: they render with any font.
    lines = ["✓ **Fact check:** every number, name and negation is kept." if fc.ok else "✗ **Fact check:**"]
    if fc.missing:
        lines.append(f"- missing from the rewrite: {inert(', '.join(fc.missing))}")
    if fc.added:
        lines.append(f"- added by the rewrite: {inert(', '.join(fc.added))}")
    lines.append(f"\n**Readability:** grade {r.readability.before:.1f} → {r.readability.after:.1f} (lower is easier)")
    lines += [f"\n⚠ {inert(w)}" for w in r.warnings]
    return "\n".join(lines)


def _slot(r: TranslateResult | None) -> list[Any]:
    """Values for one result tab; a hidden, empty tab when there is no result for it."""
    if r is None:
        return [gr.Tab(visible=False), "", "", [], [], ""]
    label = NAMES.get(r.audience, r.audience)
    why = f"**Why it matters:** {inert(r.why_it_matters)}" if r.why_it_matters else ""
    changes = [[c.from_, c.to, c.reason] for c in r.changes]
    return [gr.Tab(label, visible=True), r.rewrite, why, highlighted(r), changes, checks(r)]


def _warn(message: str) -> list[Any]:
    """Outputs for a request that could not run: a toast, the message on the page, results hidden."""
    gr.Warning(message)
    values: list[Any] = [f"⚠ {message}"]
    for _ in range(SLOTS):
        values += _slot(None)
    return values


def add_tab(coach: Coach) -> None:
    """The Translate tab's components and events (inside the app's Tabs)."""

    def translate(text: str, audiences: list[str], custom: str) -> list[Any]:
        readers = list(audiences) + ([custom.strip()] if custom.strip() else [])
        try:
            results = coach.translate_many(text, readers)
        except CoachError as exc:
            return _warn(str(exc))
        except Exception as exc:  # a library bug: show one line, keep the traceback in the server log
            log.exception("translate failed")
            return _warn(f"Unexpected {type(exc).__name__}: {exc} — please report this.")
        badge = engine_badge(results[0].engine, results[0].model)
        status = f"**{badge}** · rewritten for {', '.join(NAMES.get(r.audience, r.audience) for r in results)}"
        values: list[Any] = [status]
        for i in range(SLOTS):
            values += _slot(results[i] if i < len(results) else None)
        return values

    with gr.Row():
        with gr.Column(scale=3):
            text = gr.Textbox(label="Technical text", lines=6, placeholder="Paste an update, a design note, an outage…")
            gr.Examples(EXAMPLES, inputs=text, label="Try an example")
        with gr.Column(scale=2):
            audiences = gr.CheckboxGroup(AUDIENCES, value=["executive"], label="Who will read it?")
            custom = gr.Textbox(label="…or describe a reader (optional)", placeholder="a new CFO who knows SQL")
            button = gr.Button("Translate", variant="primary")
    status = gr.Markdown(elem_classes="status", elem_id="status")
    outputs: list[Any] = [status]
    with gr.Tabs():
        for i in range(SLOTS):
            with gr.Tab(f"Result {i + 1}", visible=False) as tab:
                rewrite = gr.Textbox(
                    label="Rewrite", lines=3, interactive=False, buttons=["copy"], elem_id=f"rewrite-{i}"
                )
                why = gr.Markdown()
                original = gr.HighlightedText(
                    label="Jargon in your text (with plain words)",
                    color_map={UNEXPLAINED: "red"},
                    elem_id=f"jargon-{i}",
                )
                changes = gr.Dataframe(
                    headers=["From", "To", "Reason"],
                    label="Changes",
                    wrap=True,
                    column_widths=["25%", "30%", "45%"],
                )
                facts = gr.Markdown()
            outputs += [tab, rewrite, why, original, changes, facts]
    button.click(translate, inputs=[text, audiences, custom], outputs=outputs, api_name="translate")
