"""How one translation is shown: jargon coloured by what the rewrite did with it, the length against the reader's
budget, the fact check as an alert, the prompt that was sent. Pure functions from a result to component values.

Everything from the user or a model is escaped here (html.escape / `inert`): the page shows it as text.
"""

from __future__ import annotations

import html
import re
from typing import Literal

from coach.analysis.jargon import JargonHit
from coach.analysis.jargon_explained import unexplained_terms
from coach.analysis.spans import outermost
from coach.features.translate import TranslateResult
from coach.readers import Reader, builtin_audiences, custom_reader
from coach.ui.common import inert

State = Literal["explained", "replaced", "unknown"]
STATES: dict[State, str] = {
    "explained": "explained in the rewrite",
    "replaced": "replaced by plain words",
    "unknown": "still unknown to this reader",
}
"""Each state and its legend text; the colours are in CSS below (green, blue, red: red is only ever "unknown")."""

CSS = """
.jargon-text { white-space: pre-wrap; line-height: 1.9; padding: 8px 0; }
.jg { border-radius: 4px; padding: 1px 4px; }
.jg-explained { background: #d1fae5; color: #065f46; border-bottom: 2px solid #059669; }
.jg-replaced { background: #dbeafe; color: #1e3a8a; border-bottom: 2px solid #2563eb; }
.jg-unknown { background: #fee2e2; color: #7f1d1d; border-bottom: 2px solid #dc2626; }
.jargon-legend { font-size: 0.9em; display: flex; gap: 10px; flex-wrap: wrap; }
.alert-bad { background: #fef2f2; border: 2px solid #dc2626; border-radius: 8px; padding: 8px 12px !important; }
.alert-bad p, .alert-bad li { color: #7f1d1d !important; }
.alert-ok p { color: #065f46; }
"""

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def reader_of(r: TranslateResult) -> Reader:
    """The reader a result was written for (a custom reader's budget is the custom one)."""
    return builtin_audiences().get(r.audience) or custom_reader("custom")


def state_of(hit: JargonHit, r: TranslateResult) -> State:
    """What the rewrite did with a term this reader would not know.

    The engine's own label wins when it gives one; otherwise: gone from the rewrite → replaced; still there with
    an explanation next to it → explained; still there, bare → still unknown to this reader.
    """
    given = getattr(hit, "state", None)
    if given in STATES:
        return given  # type: ignore[no-any-return]
    if given == "left":
        return "unknown"
    key = (r.rewrite, hit.term.lower())
    if key not in _MEMO:  # a long paste repeats its terms: each distinct term is looked up once per result
        if len(_MEMO) > 4096:
            _MEMO.clear()
        first = re.search(rf"(?<!\w){re.escape(hit.term)}(?!\w)", r.rewrite, re.IGNORECASE)
        if first is None:
            _MEMO[key] = "replaced"
        elif unexplained_terms(r.rewrite, [hit.term]):
            _MEMO[key] = "unknown"
        else:
            _MEMO[key] = "explained"
    return _MEMO[key]


_MEMO: dict[tuple[str, str], State] = {}


def jargon_html(r: TranslateResult) -> str:
    """The original with each outermost jargon term marked by state; hover shows the plain words."""
    parts = [legend_html(), '<div class="jargon-text">']
    pos = 0
    for hit in outermost(r.jargon):
        if hit.start < pos:
            continue
        state = state_of(hit, r)
        tip = f"{hit.term}: {hit.plain or 'no plain words known'} ({STATES[state]})"
        parts.append(html.escape(r.original[pos : hit.start]))
        parts.append(
            f'<mark class="jg jg-{state}" data-state="{state}" title="{html.escape(tip, quote=True)}">'
            f"{html.escape(r.original[hit.start : hit.end])}</mark>"
        )
        pos = hit.end
    parts.append(html.escape(r.original[pos:]))
    parts.append("</div>")
    return "".join(parts)


def legend_html() -> str:
    items = "".join(f'<span class="jg jg-{s}">{html.escape(label)}</span>' for s, label in STATES.items())
    return f'<div class="jargon-legend" aria-label="colour legend">{items}</div>'


def jargon_rows(r: TranslateResult) -> list[list[str]]:
    """Term, plain words, state: the plain wording beside the highlighted text (each term once)."""
    rows: dict[str, list[str]] = {}
    for hit in outermost(r.jargon):
        key = hit.term.casefold()
        if key not in rows:
            rows[key] = [hit.term, hit.plain or "—", STATES[state_of(hit, r)]]
    return list(rows.values())


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def count_sentences(text: str) -> int:
    return max(1, len(_SENTENCE_END.findall(text.strip()))) if text.strip() else 0


def summary(r: TranslateResult, label: str) -> str:
    """The reader, the length against their budget, and the reading grade, as one Markdown line."""
    reader = reader_of(r)
    words, sentences = count_words(r.rewrite), count_sentences(r.rewrite)
    over = words > reader.max_words or sentences > reader.max_sentences
    length = (
        f"{words} words, {sentences} sentence{'s' if sentences != 1 else ''} "
        f"(budget for this reader: {reader.max_words} words, {reader.max_sentences} sentences)"
    )
    mark = "⚠ over budget: " if over else "✓ "
    return (
        f"### {inert(label)}\n{mark}{length} · readability grade {r.readability.before:.1f} → "
        f"{r.readability.after:.1f} (lower is easier)"
    )


def fact_alert(r: TranslateResult) -> tuple[str, bool]:
    """The fact check as Markdown, and whether it failed (the page shows a failure as a red alert)."""
    fc = r.fact_check
    if fc.ok:
        return "✓ **Fact check:** every number, name and negation is kept.", False
    lines = ["✗ **Fact check failed: check the rewrite before sending it.**"]
    if fc.missing:
        lines.append(f"- missing from the rewrite: {inert(', '.join(fc.missing))}")
    if fc.added:
        lines.append(f"- added by the rewrite (not in your text): {inert(', '.join(fc.added))}")
    return "\n".join(lines), True


def extras(r: TranslateResult) -> str:
    """The lead (when the rewrite does not already open with it), why it matters, and the details moved out."""
    parts = []
    lead = str(getattr(r, "lead", "") or "").strip()
    if lead and not r.rewrite.lstrip().startswith(lead[:40]):
        parts.append(f"**Lead:** {inert(lead)}")
    if r.why_it_matters:
        parts.append(f"**Why it matters:** {inert(r.why_it_matters)}")
    if r.details.strip():
        parts.append("**Details, for a follow-up:**\n\n" + inert(r.details.strip()).replace("\n", "  \n"))
    return "\n\n".join(parts)


def warnings_markdown(r: TranslateResult) -> str:
    return "\n".join(f"⚠ {inert(w)}  " for w in r.warnings)


def changes_rows(r: TranslateResult) -> list[list[str]]:
    return [[c.from_, c.to, c.reason] for c in r.changes]


def rewrite_markdown(r: TranslateResult, label: str) -> str:
    """The whole result as a Markdown document (what the MCP tool returns, what a download would hold)."""
    parts = [f"## For {label}", "", r.rewrite.strip(), ""]
    if r.why_it_matters:
        parts += [f"**Why it matters:** {r.why_it_matters}", ""]
    if r.details.strip():
        parts += ["**Details:**", "", r.details.strip(), ""]
    if r.changes:
        parts += ["| From | To | Why |", "|---|---|---|"]
        parts += [f"| {_cell(c.from_)} | {_cell(c.to)} | {_cell(c.reason)} |" for c in r.changes]
        parts.append("")
    if not r.fact_check.ok:
        parts.append(f"**Fact check:** missing {r.fact_check.missing}, added {r.fact_check.added}")
    parts += [f"- {w}" for w in r.warnings]
    return "\n".join(parts).strip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
