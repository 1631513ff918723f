"""Reading experiment notes: which sentences are experiments, what was tried, what happened, which way it went."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from coach.errors import InputError

Direction = Literal["up", "down", "mixed", "unclear"]

_EXPERIMENT = re.compile(
    r"\b(?:tried|try(?:ing)?|tested|testing|hypothes[ie]s|ablation|ablated|experiment\w*|ran|swapped|switched|"
    r"compared|retrained|re-trained|fine-?tuned|trained)\b",
    re.IGNORECASE,
)
METRIC = re.compile(
    r"\b(?:recall|precision|accuracy|f1|auc|roc|loss|ndcg(?:@\d+)?|map|mrr|bleu|rouge|wer|cer|perplexity|"
    r"latency|throughput|calibration|ece|mae|rmse|mse|r2|error rate|win rate|ctr|conversion)\b",
    re.IGNORECASE,
)
_DELTA = re.compile(r"[+\-−]\s?\d|\d+(?:\.\d+)?\s*(?:%|pts?|points?|pp)\b|\bfrom\s+\S+\s+to\s+\S+", re.IGNORECASE)
_UP = re.compile(
    r"\+\s?\d|\b(?:improv\w*|rose|gain\w*|better|up|increas\w*|higher|beat\w*|outperform\w*|helped|boost\w*)\b",
    re.IGNORECASE,
)
_DOWN = re.compile(
    r"[-−]\s?\d|\b(?:fell|drop\w*|worse|down|decreas\w*|lower|hurt|regress\w*|failed|diverged|didn't|did not|"
    r"no (?:change|gain|improvement|effect|difference)|unchanged|flat|degrad\w*)\b",
    re.IGNORECASE,
)
_TRIED = re.compile(
    r"^\W*(?:we\s+|i\s+)?(?:tried|tested|testing|trying|ran|swapped|switched|compared|retrained|re-trained|"
    r"fine-?tuned|trained|ablation(?: of)?:?|ablated|experiment(?: with)?:?|hypothesis:?)\s+(?P<what>[^,;:()]+?)"
    r"(?=\s*(?:[;:(]|,\s|\s[-—–]\s|$|\s(?:and|but|which|so)\s|\s(?:gave|got|helped|improved|cut|raised)\b))",
    re.IGNORECASE,
)
_CAUSE = re.compile(r"(?P<cause>[\w\s-]{3,40}?)\s+(?:is\s+|are\s+)?suspected\b|\bsuspect\s+(?P<cause2>[^.;,]+)", re.I)
_NEXT = re.compile(r"^\W*(?:next(?: step)?s?|plan|we will|we'll|going to|tomorrow|this week)\b", re.IGNORECASE)
_STATED = re.compile(r"^\W*hypothes[ie]s\s*:\s*(?P<claim>[^.]+)\.?\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n+")


@dataclass(frozen=True)
class Experiment:
    text: str
    """The sentence as written."""
    what: str | None
    """What was tried ("focal loss"), when the sentence says it."""
    direction: Direction


def units(notes: str) -> list[str]:
    """The notes as sentences / lines, list bullets dropped."""
    return [u.strip().lstrip("-*•").strip() for u in _SPLIT.split(notes) if u.strip().lstrip("-*•").strip()]


def is_experiment(unit: str) -> bool:
    return bool(_EXPERIMENT.search(unit)) or bool(METRIC.search(unit) and _DELTA.search(unit))


_ARROW = re.compile(r"(\d+(?:\.\d+)?)\s*%?\s*(?:->|→|to)\s*(\d+(?:\.\d+)?)")
_LOWER_IS_BETTER = re.compile(r"\b(?:loss|latency|error|wer|cer|perplexity|mae|rmse|mse|ece)\b", re.IGNORECASE)


def direction(unit: str) -> Direction:
    up, down = bool(_UP.search(unit)), bool(_DOWN.search(unit))
    arrow = _ARROW.search(unit)
    if arrow and not (up or down):
        rose = float(arrow[2]) > float(arrow[1])
        better = rose != bool(_LOWER_IS_BETTER.search(unit))
        up, down = better, not better
    return "mixed" if up and down else "up" if up else "down" if down else "unclear"


def stated_hypothesis(unit: str) -> tuple[str, str] | None:
    """ "Hypothesis: X. Tested …" → (X, "Tested …")."""
    m = _STATED.match(unit)
    return (m["claim"].strip(), m["rest"].strip()) if m else None


def experiment(unit: str) -> Experiment:
    m = _TRIED.search(unit)
    what = m["what"].strip() if m else None
    if what and re.match(r"(?:on|in|with|against|across|over)\b", what, re.IGNORECASE):
        what = None  # "tested on 2,000 transactions": where it was tested, not what
    return Experiment(unit, what or None, direction(unit))


def suspected_cause(notes: str) -> str | None:
    """What the notes suspect ("label noise suspected" → "label noise")."""
    m = _CAUSE.search(notes)
    if m is None:
        return None
    cause = (m["cause"] or m["cause2"] or "").strip()
    cause = re.split(r"[,;:.]|\bbut\b|\band\b", cause)[-1].strip()
    return cause or None


def is_next_step(unit: str) -> bool:
    return bool(_NEXT.search(unit))


def read_notes(notes: str) -> tuple[list[Experiment], list[str], str | None]:
    """(experiments, other sentences, the notes' own next step); InputError when no experiment is described."""
    found, other, nxt = [], [], None
    pieces = units(notes)
    for i in range(len(pieces) - 1):  # "Hypothesis: X." then "Tested …": one experiment
        if _STATED.match(pieces[i]) and is_experiment(pieces[i + 1]) and not _STATED.match(pieces[i + 1]):
            pieces[i : i + 2] = [f"{pieces[i]} {pieces[i + 1]}", ""]
    for unit in filter(None, pieces):
        if nxt is None and is_next_step(unit):
            nxt = unit
        elif is_experiment(unit):
            found.append(experiment(unit))
        else:
            other.append(unit)
    if not found:
        raise InputError(
            "These notes describe no experiment: write what was tried and what happened, e.g. 'tried focal "
            "loss, recall +2 pts on val but precision fell; label noise suspected'."
        )
    return found, other, nxt
