"""The offline trade-off engine: curiosity first, then the three options as templates from the input alone.

It knows what declining means (the plan stands) and what adjusting asks for (something planned moves); the
size of an effect it cannot know says "to assess — ask <owner>" instead of a guess. When the workstream says
when it ships ("ships in 3 weeks") and the request says how long it takes ("2 days", "next Friday"), the slip
from absorbing it is computed and labelled as derived, with its arithmetic, so nothing looks like a stated fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.features.tradeoffs.parse import TradeoffsRequest, Workstream
from coach.features.tradeoffs.schema import TradeoffRow

TO_ASSESS = "to assess — ask"
DERIVED = re.compile(r"\s*\(derived: [^()]*\)")
"""A labelled derived figure: the fact check reads the text without these spans."""

_WORKSTREAM_DUE = re.compile(r"\b(?:in|within)\s+(\d+)\s+(day|week)s?\b", re.IGNORECASE)
_REQUEST_TAKES = re.compile(r"\b(\d+)\s+(day|week)s?\b", re.IGNORECASE)
_NEXT = re.compile(r"\bnext\s+(?:week|monday|tuesday|wednesday|thursday|friday)\b", re.IGNORECASE)

_STAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(ready|review|qa|beta|final|nearly|almost|launch(?:ing)?|ships?)\b", re.IGNORECASE),
        "finish it first, then the request; the order {ask}",
    ),
    (
        re.compile(r"(\d+\s*%|\bhalf\b|\bsprint\b|\bdone\b|\bin progress\b|\bmigrat\w*)", re.IGNORECASE),
        "pause it and resume after the request; the new end date {ask}",
    ),
    (
        re.compile(r"\b(design|planned|scheduled|exploration|discovery|backlog|later|next)\b", re.IGNORECASE),
        "start it later; how much later {ask}",
    ),
    (re.compile(r"\b(every|weekly|daily|monthly|recurring)\b", re.IGNORECASE), "move a cycle; which cycle {ask}"),
    (
        re.compile(r"\b(running|training|live|experiment\w*|test\w*|interview\w*|hiring)\b", re.IGNORECASE),
        "keep what is running, pause the follow-up work; which work {ask}",
    ),
)


@dataclass
class Draft:
    """What an engine writes; code builds the options, Markdown and CSV from it."""

    questions: list[str]
    rows: list[TradeoffRow]
    recommendation: str
    decision: str
    message: str
    warnings: list[str] = field(default_factory=list)


def _ask(w: Workstream) -> str:
    return f"{TO_ASSESS} {w.owner}"


def _weeks(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def request_takes(request: str) -> tuple[int, str] | None:
    """How long the request takes, when it says so: "2 days" → (2, "day"); "next Friday" → (1, "week")."""
    m = _REQUEST_TAKES.search(request)
    if m:
        return int(m[1]), m[2].lower()
    return (1, "week") if _NEXT.search(request) else None


def derived_slip(w: Workstream, takes: tuple[int, str] | None) -> str | None:
    """ "(derived: 3 weeks + 1 week = 4 weeks)" when both the workstream's due time and the request's length are
    stated; None otherwise (the slip is then for the owner to assess)."""
    m = _WORKSTREAM_DUE.search(w.status)
    if m is None or takes is None:
        return None
    due, unit = int(m[1]), m[2].lower()
    extra, extra_unit = takes
    if unit != extra_unit:  # the sum in days, weeks counted as 7 calendar days
        due, extra = (due * 7, extra) if unit == "week" else (due, extra * 7)
        unit = extra_unit = "day"
    return f"(derived: {_weeks(int(m[1]), m[2].lower())} + {_weeks(*takes)} = {_weeks(due + extra, unit)})"


def offline_row(w: Workstream, takes: tuple[int, str] | None) -> TradeoffRow:
    """The three cells for one workstream, from its status; unknown effects name who to ask."""
    slip = derived_slip(w, takes)
    if slip:
        absorb = f"ships later if the same people take the request {slip}; {_ask(w)}"
    else:
        absorb = f"holds only if there is slack; {_ask(w)}"
    adjust = next((t for p, t in _STAGES if p.search(w.status)), "pause part of it for the request; which part {ask}")
    return TradeoffRow(workstream=w.name, absorb=absorb, adjust=adjust.format(ask=_ask(w)), decline="on plan")


QUESTIONS = (
    "What is the request trying to achieve — which outcome, for whom?",
    "What changes if it lands later, or as a smaller version?",
    "Which part of it matters most, so we can protect that part?",
)
RECOMMENDATION = (
    "adjust: move some planned work (the adjust column) so the request gets done and its cost is visible to "
    "everyone. Assumptions: the team has little slack right now, and every effect marked 'to assess' is confirmed "
    "with its owner before we commit."
)
DECISION = (
    "Is the request worth more than the planned work it displaces? Pick an option: absorb, adjust (and which "
    "work moves) or decline."
)


def message(req: TradeoffsRequest) -> str:
    """A short note to the requester: curious first, then the trade-off — a choice for them, never a refusal."""
    hello = f"Hi {req.asker}," if req.asker else "Hi,"
    names = ", ".join(w.name for w in req.workstreams)
    return (
        f"{hello} thanks for the request: {req.request}. Before we commit, what outcome are you after, and would a "
        f"smaller version get most of it? We can make room by moving planned work; the table shows what each "
        f"option means for {names}. My suggestion is to adjust: you choose which work moves, and we confirm the "
        "effects with the owners. Which option works for you?"
    )


def offline_draft(req: TradeoffsRequest) -> Draft:
    takes = request_takes(req.request)
    rows = [offline_row(w, takes) for w in req.workstreams]
    return Draft(list(QUESTIONS), rows, RECOMMENDATION, DECISION, message(req))
