"""The checks of a draft, the same for both engines: facts against the original, jargon this reader won't know,
length against the reader's budget, outcome first, readability.

They reuse the shared post-checks (coach.flow.postchecks) and analysis (coach.analysis), so a draft is judged
by exactly the rules translate's rewrites are judged by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.analysis.activity import has_metric
from coach.analysis.facts import FactCheck, compare, extract_facts
from coach.analysis.jargon import JargonHit, find_jargon
from coach.analysis.jargon_explained import unexplained_jargon
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.readability import grade
from coach.features.check.schema import CheckRequest, Length, Readability
from coach.flow.postchecks import fact_warnings, has_impact, sentence_count, word_count

# A sentence ends at . ! ? before white space (so "0.71" and "v2.3" stay whole), or at a line break.
_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# "Hi Dana," / "Hello team —" / "Subject:" alone: a line that opens a message without saying anything yet.
_GREETING = re.compile(r"^(?:hi|hello|hey|dear|good (?:morning|afternoon))\b[^.!?\n]{0,40}[,:—–-]?$", re.IGNORECASE)
# A metric with its value ("recall 0.91", "NPS of 42"): a measured result, though it has no unit.
_MEASURED = re.compile(
    r"\b(?:recall|precision|accuracy|f1|auc|ndcg|mrr|nps|conversion|retention|uptime|error rate|win rate|ctr)\b"
    r"[^.;!?\d]{0,25}\d",
    re.IGNORECASE,
)
# A decision asked of the reader: has_impact knows "approve" and "decide", not every way of asking.
_DECISION = re.compile(r"\b(?:approv\w*|sign[- ]off|decid\w*|decision|go/no-go|need (?:you|your)\b)", re.IGNORECASE)
# A time span alone ("we spent a month on the refactor") is not an outcome, though has_impact counts it.
_SPAN_ONLY = re.compile(r"\b(?:month|quarter)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Findings:
    """Everything the checks found in one draft."""

    fact_check: FactCheck
    fact_warnings: list[str]
    jargon_left: list[JargonHit]
    length: Length
    outcome_first: bool
    lead: str
    readability: Readability
    sentences: list[str]
    """The draft's sentences, list bullets dropped (greeting lines kept: they count towards the length)."""


def sentences(text: str) -> list[str]:
    """The sentences of `text` in order, each stripped of a list bullet."""
    pieces = (_BULLET.sub("", p).strip() for p in _SPLIT.split(text))
    return [p for p in pieces if p]


def states_outcome(sentence: str) -> bool:
    """Whether a sentence carries what a reader who decides reads first: an impact on customers, money, time or
    risk (has_impact), a decision asked for, or a measured result (coach.analysis.activity's metrics, a metric
    with its value). "We reversed the change and now test each one" is what the team did, not an outcome."""
    return bool(
        has_impact(_SPAN_ONLY.sub(" ", sentence))
        or _DECISION.search(sentence)
        or _MEASURED.search(sentence)
        or has_metric(sentence)
    )


def lead_of(parts: list[str]) -> str:
    """The first sentence that says something: a greeting line ("Hi Dana,") is skipped."""
    for part in parts:
        if not _GREETING.match(part):
            return part
    return parts[0] if parts else ""


def _without_dropped_jargon(check: FactCheck, request: CheckRequest, index: JargonIndex) -> FactCheck:
    """`check` less the names of the original this reader would not know ("p99", "Kubernetes"): a draft for them
    that leaves such a name out has dropped jargon, not a fact. Numbers, dates and negations always count."""
    if not check.missing:
        return check
    terms = [h.term.casefold() for h in find_jargon(request.original, request.audience, index)]
    names = {f.text for f in extract_facts(request.original) if f.kind == "name"}

    def jargon(fact: str) -> bool:
        word = re.compile(rf"(?<![\w-]){re.escape(fact.casefold())}(?![\w-])")
        return fact in names and any(word.search(t) for t in terms)

    missing = [m for m in check.missing if not jargon(m)]
    return FactCheck(ok=not missing and not check.added, missing=missing, added=check.added)


def inspect(request: CheckRequest, index: JargonIndex) -> Findings:
    """Run every check of `request.draft` for `request.audience`."""
    reader, draft = request.audience, request.draft
    check = _without_dropped_jargon(compare(request.original, draft), request, index)
    warnings = fact_warnings(check, answer="your draft")
    parts = sentences(draft)
    lead = lead_of(parts)
    words, count = word_count(draft), sentence_count(draft)
    length = Length(
        words=words,
        budget=reader.max_words,
        sentences=count,
        sentence_budget=reader.max_sentences,
        over=words > reader.max_words or count > reader.max_sentences,
    )
    return Findings(
        fact_check=check,
        fact_warnings=warnings,
        jargon_left=unexplained_jargon(draft, reader, index),
        length=length,
        outcome_first=bool(lead) and states_outcome(lead),
        lead=lead,
        readability=Readability(before=grade(request.original), after=grade(draft)),
        sentences=parts,
    )


def summary(found: Findings) -> str:
    """The findings in a few lines, for the model: it explains and fixes them, it does not re-check them."""
    fc, ln = found.fact_check, found.length
    terms = ", ".join(dict.fromkeys(h.term for h in found.jargon_left)) or "none"
    return "\n".join(
        [
            f"Facts of the original missing from the draft: {', '.join(fc.missing) or 'none'}",
            f"Facts in the draft the original does not state: {', '.join(fc.added) or 'none'}",
            f"Jargon left unexplained for this reader: {terms}",
            f"Length: {ln.words} words (budget {ln.budget}), {ln.sentences} sentences (budget {ln.sentence_budget})",
            f"First sentence states the outcome: {'yes' if found.outcome_first else 'no'}",
            f"Reading grade: original {found.readability.before:.1f}, draft {found.readability.after:.1f}",
        ]
    )
