"""The Translate tab: paste technical text, pick one or several readers, get each rewrite side by side with its
changes, jargon coloured by what the rewrite did with it, the length against the reader's budget and the checks.

The handler is a generator: progress shows at once, and with the LLM engine each reader's rewrite fills its box
as the model writes it (`Coach.translate_stream`; readers are asked concurrently), then the checked result
replaces it. The offline engine answers in one step. A failure is a warning and a line in the
history; the text box is never an output, so what the user pasted stays.
"""

from __future__ import annotations

import contextvars
import logging
import queue
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import gradio as gr

from coach.analysis.spans import outermost
from coach.core import Coach
from coach.features.translate import TranslateResult, as_reader
from coach.flow.context import MAX_CONCURRENCY
from coach.readers import builtin_audiences
from coach.ui import prompt_view
from coach.ui.check_panel import add_check_panel
from coach.ui.common import download_button, engine_badge, failure_message, inert, remember, submits_to
from coach.ui.translate_view import (
    changes_rows,
    extras,
    fact_alert,
    jargon_html,
    jargon_rows,
    summary,
    warnings_markdown,
)

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
SLOT_FIELDS = (
    "tab",
    "summary",
    "alert",
    "rewrite",
    "extras",
    "original",
    "terms",
    "changes",
    "notes",
    "prompt_box",
    "prompt",
)
"""The outputs of one result slot, in order (tests and API callers read them by these names)."""
TERM_HEADERS = ["Term", "Plain words", "In the rewrite"]
CHANGE_HEADERS = ["From", "To", "Why"]


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


def slot_values(r: TranslateResult | None, sent: list[Any] | None = None) -> list[Any]:
    """Values for one result tab; a hidden, empty tab when there is no result for it."""
    if r is None:
        hidden: list[Any] = [gr.Column(visible=False), "", gr.Markdown("", elem_classes=[]), "", "", "", [], []]
        return [*hidden, "", gr.Accordion(visible=False), ""]
    label = NAMES.get(r.audience, r.audience)
    alert, failed = fact_alert(r)
    prompt = prompt_view.prompt_text(r, sent or [])
    return [
        gr.Column(visible=True),
        summary(r, label),
        gr.Markdown(alert, elem_classes=["alert-bad"] if failed else ["alert-ok"]),
        r.rewrite,
        extras(r),
        jargon_html(r),
        jargon_rows(r),
        changes_rows(r),
        warnings_markdown(r),
        gr.Accordion(visible=bool(prompt)),
        prompt,
    ]


def readers_of(audiences: list[str] | None, custom: str | None) -> list[str]:
    return list(audiences or []) + ([custom.strip()] if custom and custom.strip() else [])


def run_translate(coach: Coach, text: str, audiences: list[str] | None, custom: str | None) -> Iterator[list[Any]]:
    """The Translate handler: yields [status, *slot values] first as progress, then (LLM engine) each rewrite as
    the model writes it, then each reader's full result as it is checked."""
    readers = readers_of(audiences, custom)
    done: dict[int, tuple[TranslateResult, list[Any]]] = {}
    asked = False  # once the coach is asked, it records a failure in the history itself (coach.ui.history)
    try:
        if not readers:
            asked = True
            coach.translate_many(text, [])  # the library's own message for "no reader"
        resolved = [as_reader(r) for r in readers]  # an unknown audience fails before any work
        labels = [NAMES.get(r.id, r.name) for r in resolved]
        names = ", ".join(labels)
        asked = True
        if coach.engine == "offline":
            for i, result in enumerate(coach.translate_many(text, resolved)):
                done[i] = (result, [])
        else:
            yield [f"⏳ Asking {inert(str(coach.model_name))} to rewrite for {names}…", *_skip_slots()]
            writing: set[int] = set()
            for i, step in _stream_concurrently(coach, text, resolved):
                if isinstance(step, dict):  # the rewrites written so far, by reader
                    yield [gr.skip(), *_writing(step, labels, writing)]
                    continue
                done[i] = step
                status = f"⏳ {len(done)} of {len(resolved)} written ({inert(NAMES.get(step[0].audience, ''))} first)…"
                yield [status, *_slots(done, len(resolved), partial=True)]
    except Exception as exc:
        message = failure_message(exc, "translate")
        if not asked:
            remember(coach, "translate", text or "", None, error=message)
        gr.Warning(message)
        yield [f"⚠ {inert(message)}", *_slots({}, 0)]
        return
    results = [done[i][0] for i in sorted(done)]
    badge = engine_badge(results[0].engine, results[0].model)
    yield [f"**{badge}** · rewritten for {names}", *_slots(done, len(results))]


PARTIAL_EVERY_S = 0.05
"""Partial rewrites are sent to the page at most this often: each update carries every slot, and a model writes
faster than a reader reads."""
Step = tuple[int, "dict[int, str] | tuple[TranslateResult, list[Any]]"]


def _stream_concurrently(coach: Coach, text: str, readers: list[Any]) -> Iterator[Step]:
    """Each reader's rewrite as it is written — (-1, {index: rewrite so far}) at most every PARTIAL_EVERY_S —
    and each finished result (index, (result, messages sent)) as it is checked; the first failure raises and
    stops the other readers' streams."""
    events: queue.SimpleQueue[tuple[str, int, Any]] = queue.SimpleQueue()
    stop = threading.Event()

    def one(i: int, reader: Any) -> None:
        try:
            with prompt_view.recording(coach) as sent:
                steps = coach.translate_stream(text, reader)
                try:
                    for step in steps:
                        if stop.is_set():
                            return
                        events.put(("text", i, step) if isinstance(step, str) else ("done", i, (step, sent)))
                finally:
                    steps.close()  # a stream still open stops reading
        except Exception as exc:
            events.put(("error", i, exc))

    pool = ThreadPoolExecutor(max_workers=min(MAX_CONCURRENCY, len(readers)))
    for i, reader in enumerate(readers):
        pool.submit(contextvars.copy_context().run, one, i, reader)  # per job: its own prompt recording
    try:
        pending: dict[int, str] = {}
        left, sent_at = len(readers), 0.0
        while left:
            wait = None if not pending else max(0.0, sent_at + PARTIAL_EVERY_S - time.monotonic())
            try:
                kind, i, value = events.get(timeout=wait)
            except queue.Empty:
                kind, i, value = "tick", -1, None
            if kind == "error":
                raise value
            if kind == "text":
                pending[i] = value
            elif kind == "done":
                pending.pop(i, None)
                left -= 1
                yield i, value
            if pending and time.monotonic() >= sent_at + PARTIAL_EVERY_S:
                yield -1, dict(pending)
                pending.clear()
                sent_at = time.monotonic()
    finally:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)


def _writing(partial: dict[int, str], labels: list[str], started: set[int]) -> list[Any]:
    """Slot values while rewrites are being written: a reader's slot is cleared and shown at its first text, then
    only its rewrite changes; the other slots are left as they are."""
    values: list[Any] = []
    for i in range(SLOTS):
        if i not in partial:
            values += [gr.skip()] * len(SLOT_FIELDS)
            continue
        if i in started:
            slot = [gr.skip()] * len(SLOT_FIELDS)
        else:
            started.add(i)
            slot = slot_values(None)
            slot[0] = gr.Column(visible=True)
            slot[SLOT_FIELDS.index("summary")] = f"### {inert(labels[i])}\n\n⏳ *Writing…*"
        slot[SLOT_FIELDS.index("rewrite")] = partial[i]
        values += slot
    return values


def _skip_slots() -> list[Any]:
    return [gr.skip() for _ in range(SLOTS * len(SLOT_FIELDS))]


def _slots(done: dict[int, tuple[TranslateResult, list[Any]]], count: int, *, partial: bool = False) -> list[Any]:
    values: list[Any] = []
    for i in range(SLOTS):
        if i in done:
            values += slot_values(*done[i])
        elif partial and i < count:
            values += [gr.skip()] * len(SLOT_FIELDS)  # still being written: leave it as it is
        else:
            values += slot_values(None)
    return values


def add_tab(coach: Coach) -> None:
    """The Translate tab's components and events (inside the app's Tabs)."""
    prompt_view.install(coach)

    def translate(text: str, audiences: list[str], custom: str) -> Iterator[list[Any]]:
        yield from run_translate(coach, text, audiences, custom)

    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            text = gr.Textbox(
                label="Technical text",
                lines=6,
                placeholder="Paste an update, a design note, an outage… (Ctrl+Enter translates)",
                elem_id="translate-text",
                elem_classes=[submits_to("translate-button")],
            )
            gr.Examples(EXAMPLES, inputs=text, label="Try an example (one click fills the box)")
        with gr.Column(scale=2, min_width=260):
            audiences = gr.CheckboxGroup(
                AUDIENCES, value=["executive"], label="Who will read it? (several: side by side)", elem_id="audiences"
            )
            custom = gr.Textbox(
                label="…or describe a reader (optional)",
                placeholder="a new CFO who knows SQL",
                elem_id="custom-reader",
                elem_classes=[submits_to("translate-button")],
            )
            button = gr.Button("Translate", variant="primary", elem_id="translate-button")
    status = gr.Markdown(elem_classes="status", elem_id="status")
    outputs: list[Any] = [status]
    with gr.Row(equal_height=False, elem_id="results"):
        for i in range(SLOTS):
            with gr.Column(visible=False, min_width=320, elem_id=f"result-{i}", elem_classes="result") as tab:
                result_summary = gr.Markdown(elem_id=f"summary-{i}")
                alert = gr.Markdown(elem_id=f"facts-{i}")
                rewrite = gr.Textbox(
                    label="Rewrite (edit it here, then copy or download)",
                    lines=4,
                    interactive=True,
                    buttons=["copy"],
                    elem_id=f"rewrite-{i}",
                )
                with gr.Row():
                    download_button("Download .md", rewrite, f"rewrite-{i + 1}.md", "md", elem_id=f"rewrite-md-{i}")
                result_extras = gr.Markdown(elem_id=f"extras-{i}")
                with gr.Accordion("Your text, jargon coloured (hover a term for its plain words)", open=True):
                    original = gr.HTML(elem_id=f"jargon-{i}", js_on_load=None)
                    terms = gr.Dataframe(
                        headers=TERM_HEADERS,
                        label="Plain words",
                        wrap=True,
                        interactive=False,
                        column_widths=["30%", "40%", "30%"],
                        elem_id=f"terms-{i}",
                    )
                changes = gr.Dataframe(
                    headers=CHANGE_HEADERS,
                    label="Changes, each with its reason",
                    wrap=True,
                    interactive=False,
                    column_widths=["25%", "30%", "45%"],
                    elem_id=f"changes-{i}",
                )
                download_button("Download .csv", changes, f"changes-{i + 1}.csv", "csv", elem_id=f"changes-csv-{i}")
                notes = gr.Markdown(elem_id=f"notes-{i}")
                with gr.Accordion("Show the prompt", open=False, visible=False) as prompt_box:
                    prompt = gr.Textbox(
                        label="Exact messages sent to the model", lines=12, interactive=False, buttons=["copy"]
                    )
            outputs += [tab, result_summary, alert, rewrite, result_extras, original, terms, changes, notes]
            outputs += [prompt_box, prompt]
    button.click(translate, inputs=[text, audiences, custom], outputs=outputs, api_name="translate")
    add_check_panel(coach, text, audiences, custom)
