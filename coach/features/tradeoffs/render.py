"""The table as Markdown and CSV, and the fact check of everything the trade-off says."""

from __future__ import annotations

import csv
import io

from coach.analysis.facts import FactCheck, compare
from coach.features.tradeoffs.offline import DERIVED, Draft
from coach.features.tradeoffs.parse import TradeoffsRequest
from coach.features.tradeoffs.schema import OPTIONS, TradeoffRow
from coach.flow.postchecks import check_facts, fact_warnings

HEADER = ("workstream", *OPTIONS)


def _cell(text: str) -> str:
    # A '|' would split the cell; a line break would end the row.
    return " ".join(text.replace("|", "/").split())


def markdown(req: TradeoffsRequest, draft: Draft) -> str:
    """The request, a table with a header and one row per workstream, the recommendation and the decision."""
    lines = [f"**Request:** {_cell(req.request)}", "", "| " + " | ".join(HEADER) + " |", "|---|---|---|---|"]
    for w, row in zip(req.workstreams, draft.rows, strict=True):
        first = f"{w.name} ({w.status})" if w.status else w.name
        lines.append("| " + " | ".join(_cell(c) for c in (first, row.absorb, row.adjust, row.decline)) + " |")
    lines += ["", f"**Recommendation:** {draft.recommendation}", "", f"**Decision:** {draft.decision}"]
    return "\n".join(lines) + "\n"


def to_csv(rows: list[TradeoffRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows([r.workstream, r.absorb, r.adjust, r.decline] for r in rows)
    return out.getvalue()


def without_derived(text: str) -> str:
    """`text` without its labelled derived figures ("(derived: 3 weeks + 1 week = 4 weeks)")."""
    return DERIVED.sub("", text)


def fact_check(req: TradeoffsRequest, draft: Draft, table: str) -> tuple[FactCheck, list[str]]:
    """Every fact of the input kept in the table; no fact added anywhere (derived figures excepted).

    Added facts are looked for piece by piece (each cell, the message, ...): a cell may name a workstream's
    date again without that counting as a new fact.
    """
    source = req.source + (f"\n{req.asker}" if req.asker else "")
    check, warnings = check_facts(source, without_derived(table), source_name="the input", answer_name="the table")
    missing, added = list(check.missing), []
    pieces = {
        "the table": [c for r in draft.rows for c in (r.absorb, r.adjust, r.decline)],
        "the recommendation": [draft.recommendation, draft.decision],
        "the questions": draft.questions,
        "the message": [draft.message],
    }
    warnings = [w for w in warnings if "does not state" not in w]  # re-counted below, piece by piece
    for where, texts in pieces.items():
        found = [a for t in texts for a in compare(source, without_derived(t)).added]
        found = list(dict.fromkeys(found))
        added += [a for a in found if a not in added]
        warnings += fact_warnings(FactCheck(ok=not found, missing=[], added=found), answer=where, source="the input")
    return FactCheck(ok=not missing and not added, missing=missing, added=added), warnings
