"""The web UI: a Gradio shell over `Coach`. Handlers only turn library results into component values."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, NoReturn

# Set before gradio is imported: it reads the flag at import time, and the UI must not phone home.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from coach.analysis.jargon import outermost
from coach.core import Coach
from coach.errors import CoachError
from coach.settings import Settings
from coach.translate import TranslateResult
from coach.ui_outcomes import add_outcomes_tab, add_weekly_tab

log = logging.getLogger(__name__)

AUDIENCES = [
    ("Executive", "executive"),
    ("Sales leader", "sales"),
    ("Product manager", "product"),
    ("Data scientist", "data-science"),
]
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
CSS = """
.badge p { display: inline-block; padding: 4px 12px; border-radius: 999px; font-weight: 600;
           background: var(--color-accent-soft); color: var(--color-accent); margin: 0; }
.status p { font-size: 1.05em; }
"""
# System fonts: the default theme fonts come from Google Fonts, and the UI must work with no internet.
THEME = gr.themes.Soft(
    primary_hue="indigo",
    neutral_hue="slate",
    font=["ui-sans-serif", "system-ui", "sans-serif"],
    font_mono=["ui-monospace", "monospace"],
)


def engine_badge(engine: str, model: str | None) -> str:
    """The label that tells users which engine wrote a rewrite."""
    return f"LLM engine: {model}" if engine == "llm" else "Offline engine (rule-based)"


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
        lines.append(f"- missing from the rewrite: {', '.join(fc.missing)}")
    if fc.added:
        lines.append(f"- added by the rewrite: {', '.join(fc.added)}")
    lines.append(f"\n**Readability:** grade {r.readability.before:.1f} → {r.readability.after:.1f} (lower is easier)")
    lines += [f"\n⚠ {w}" for w in r.warnings]
    return "\n".join(lines)


def _slot(r: TranslateResult | None) -> list[Any]:
    """Values for one result tab; a hidden, empty tab when there is no result for it."""
    if r is None:
        return [gr.Tab(visible=False), "", "", [], [], ""]
    label = NAMES.get(r.audience, r.audience)
    why = f"**Why it matters:** {r.why_it_matters}" if r.why_it_matters else ""
    changes = [[c.from_, c.to, c.reason] for c in r.changes]
    return [gr.Tab(label, visible=True), r.rewrite, why, highlighted(r), changes, checks(r)]


def build_app(coach: Coach) -> gr.Blocks:
    """The Gradio app for `coach`; launch it with `launch()` (which applies the theme and CSS)."""

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

    demo = gr.Blocks(title="coach — say it so they act")
    with demo:
        gr.Markdown("# coach\nPaste technical text; get it rewritten for the people who decide.")
        gr.Markdown(engine_badge(coach.engine, coach.model_name), elem_classes="badge", elem_id="engine-badge")
        with gr.Tabs():
            with gr.Tab("Translate"):
                with gr.Row():
                    with gr.Column(scale=3):
                        text = gr.Textbox(
                            label="Technical text", lines=6, placeholder="Paste an update, a design note, an outage…"
                        )
                        gr.Examples(EXAMPLES, inputs=text, label="Try an example")
                    with gr.Column(scale=2):
                        audiences = gr.CheckboxGroup(AUDIENCES, value=["executive"], label="Who will read it?")
                        custom = gr.Textbox(
                            label="…or describe a reader (optional)", placeholder="a new CFO who knows SQL"
                        )
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
            add_outcomes_tab(coach)
            add_weekly_tab(coach)
    return demo


def _warn(message: str) -> list[Any]:
    """Outputs for a request that could not run: a toast, the message on the page, results hidden."""
    gr.Warning(message)
    values: list[Any] = [f"⚠ {message}"]
    for _ in range(SLOTS):
        values += _slot(None)
    return values


def launch(demo: gr.Blocks, *, port: int | None, prevent_thread_lock: bool = False) -> str:
    """Serve `demo` on 127.0.0.1 (port None: the first free one from 7860 up) and return its URL."""
    _, url, _ = demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=prevent_thread_lock,
        theme=THEME,
        css=CSS,
        footer_links=["api"],
    )
    return str(url)


def main(settings: Settings | None = None, *, port: int | None = None) -> None:
    """Serve the UI on http://127.0.0.1:PORT ($COACH_PORT, default 7860) with the engine the settings choose.

    A misconfigured engine is one line on stderr and exit status 2, before anything is served.
    """
    try:
        coach = Coach.from_settings(settings)
        coach.index  # noqa: B018 - load the glossary now: a bad team glossary stops the start, not the first click
    except CoachError as exc:  # includes a malformed environment variable (COACH_TEMPERATURE=abc, ...)
        _exit_config(f"cannot start the UI: {exc}")
    port_text = str(port or os.environ.get("COACH_PORT", "7860"))
    if not port_text.isdigit():
        _exit_config(f"COACH_PORT must be a port number, not '{port_text}'")
    launch(build_app(coach), port=int(port_text))


def _exit_config(message: str) -> NoReturn:
    print(f"coach: {message}", file=sys.stderr)
    sys.exit(2)
