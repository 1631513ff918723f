"""Checks run on every rewrite, whichever engine wrote it: facts kept, jargon explained, length, readability."""

from __future__ import annotations

import re

from coach.analysis.facts import FactCheck, compare
from coach.analysis.jargon import JargonIndex, unexplained_jargon
from coach.analysis.readability import grade
from coach.audiences import Audience

_WORD = re.compile(r"\b\w[\w'’-]*\b")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n+")
# Words that tie a statement to what a business weighs; without any, an executive asks "so what?".
_IMPACT = re.compile(
    r"\b(customers?|users?|revenue|cost|costs|sav(e|es|ed|ings)|risk|deadline|launch|churn|sales|deals?|"
    r"profit|margin|budget|spend|pay|paying|money|faster|slower|outage|downtime|complain\w*|safe|secure|"
    r"compliance|decision|decide|approve|hire|hiring|market|competit\w*|contract|sla|quarter|week|month)\b|[$€£%]",
    re.IGNORECASE,
)
TARGET_GRADE = 12.0


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def sentence_count(text: str) -> int:
    return max(1, len([p for p in _SENTENCE_END.split(text.strip()) if p.strip()]))


def fact_warnings(check: FactCheck) -> list[str]:
    warnings = []
    if check.missing:
        warnings.append(f"Facts of the original missing from the rewrite: {', '.join(check.missing)}.")
    if check.added:
        warnings.append(f"Facts in the rewrite that the original does not state: {', '.join(check.added)}.")
    return warnings


def review(original: str, rewrite: str, audience: Audience, index: JargonIndex) -> tuple[FactCheck, list[str]]:
    """The fact check and every warning a writer should see before sending `rewrite` to `audience`."""
    check = compare(original, rewrite)
    warnings = fact_warnings(check)
    left = unexplained_jargon(rewrite, audience, index)
    if left:
        terms = ", ".join(dict.fromkeys(h.term for h in left))
        warnings.append(
            f"Jargon {audience.reader} may not know is still unexplained: {terms}. "
            "Explain it in a few words, or add it to a team glossary (COACH_GLOSSARY)."
        )
    words, sentences = word_count(rewrite), sentence_count(rewrite)
    if words > audience.max_words or sentences > audience.max_sentences:
        warnings.append(
            f"Over {audience.reader}'s budget of {audience.max_words} words / {audience.max_sentences} "
            f"sentences ({words} words, {sentences} sentences): lead with the result and the decision, "
            "move the detail to a follow-up."
        )
    if audience.id in {"executive", "sales", "custom"} and not _IMPACT.search(rewrite):
        warnings.append(
            "No business impact stated: add what it means for customers, revenue, cost, risk or a deadline."
        )
    after = grade(rewrite)
    if after > TARGET_GRADE and audience.id != "data-science":
        warnings.append(f"Reads at grade {after:.1f}; aim for {TARGET_GRADE:.0f} or lower with shorter sentences.")
    return check, warnings
