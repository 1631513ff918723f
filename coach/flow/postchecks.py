"""The post-checks every feature's answer goes through, whichever engine wrote it.

Facts kept (none lost, none added), jargon this reader would not know, the reader's length budget, "so what?"
(a business impact stated) and readability. Their wording lives here only, so every feature says it the same way.
"""

from __future__ import annotations

import re

from coach.analysis.facts import FactCheck, compare
from coach.analysis.jargon_explained import unexplained_jargon
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.readability import grade, unwrap
from coach.analysis.rigour import rigour_gaps
from coach.readers import Reader

_WORD = re.compile(r"\b\w[\w'’-]*\b")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n+")
_BRACKETED = re.compile(r"\([^()\n]*\)")
_HAS_WORD = re.compile(r"\w")
# Words that tie a statement to what a business weighs; without any, an executive asks "so what?".
_IMPACT = re.compile(
    r"\b(customers?|users?|revenue|cost|costs|sav(e|es|ed|ing|ings)|risk|deadline|launch(ed)?|churn|sales|deals?|"
    r"contracts?|renewals?|profit|margin|budget|spend|pay|paying|money|faster|slower|outage|downtime|complain\w*|"
    r"safe|secure|security|compliance|decision|decide|approve|hire|hired|hiring|offer|market|competit\w*|sla|"
    r"quarter|month|deadline|user ?base|subscribers?|members?|players?|visitors?|patients?|accounts?|tenants?|"
    r"merchants?|unavailable|degrad\w*|disrupt\w*|unable|delay\w*|slow(?:ness|er|ed)?)\b|"
    r"[$€£%]",
    re.IGNORECASE,
)
TARGET_GRADE = 12.0


def has_impact(text: str) -> bool:
    """Whether `text` ties itself to something a business weighs (customers, money, risk, time ...)."""
    return _IMPACT.search(text) is not None


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def sentence_count(text: str) -> int:
    """Sentences and lines of `text`; a bracketed aside is part of the sentence it follows, however many full stops
    it holds ("(DB: database. replication: copying between servers)." is a note, not two sentences)."""
    while (flat := _BRACKETED.sub(" ", text)) != text:
        text = flat
    # a sentence hard-wrapped by its writer ("…even when the\nfirst charge had succeeded") is one sentence
    return max(1, len([p for p in _SENTENCE_END.split(unwrap(text).strip()) if _HAS_WORD.search(p)]))


def fact_warnings(check: FactCheck, *, source: str = "the original", answer: str = "the rewrite") -> list[str]:
    """The fact check in words: what `answer` dropped from `source`, and what it states that `source` does not."""
    warnings = []
    if check.missing:
        warnings.append(f"Facts of {source} missing from {answer}: {', '.join(check.missing)}.")
    if check.added:
        warnings.append(f"Facts in {answer} that {source} does not state: {', '.join(check.added)}.")
    return warnings


def check_facts(
    source: str, answer: str, *, source_name: str = "the original", answer_name: str = "the rewrite"
) -> tuple[FactCheck, list[str]]:
    """The fact check of `answer` against `source`, and its warnings (empty when every fact is kept)."""
    check = compare(source, answer)
    return check, fact_warnings(check, source=source_name, answer=answer_name)


def review(
    original: str, rewrite: str, audience: Reader, index: JargonIndex, *, details: str = ""
) -> tuple[FactCheck, list[str]]:
    """The fact check and every warning a writer should see before sending `rewrite` to `audience`.

    The fact check reads `rewrite` and `details` together (what moved to details is kept, not lost); the other
    checks read `rewrite` alone, the part the reader sees first."""
    check, warnings = check_facts(original, f"{rewrite}\n\n{details}" if details else rewrite)
    left = unexplained_jargon(rewrite, audience, index)
    if left:
        terms = ", ".join(dict.fromkeys(h.term for h in left))
        warnings.append(
            f"Jargon {audience.reader} may not know is still unexplained: {terms}. "
            "Explain it in a few words, or add it to a team glossary (COACH_GLOSSARY)."
        )
    names = [h for h in unexplained_jargon(rewrite, audience, index, rare=True) if h.source in ("rare", "name")]
    if names:
        terms = ", ".join(dict.fromkeys(h.term for h in names))
        warnings.append(
            f"Names or words {audience.reader} may not know, left unexplained (no plain wording known offline): "
            f"{terms}. Say what each is in a few words, or drop it."
        )
    words, sentences = word_count(rewrite), sentence_count(rewrite)
    if words > audience.max_words or sentences > audience.max_sentences:
        warnings.append(
            f"Over {audience.reader}'s budget of {audience.max_words} words / {audience.max_sentences} "
            f"sentences ({words} words, {sentences} sentences): lead with the result and the decision, "
            "move the detail to a follow-up."
        )
    if audience.lead_with and not has_impact(rewrite):
        warnings.append(
            "No business impact stated: add what it means for customers, revenue, cost, risk or a deadline."
        )
    if audience.rigour and (gaps := rigour_gaps(original)):
        warnings.append(f"{audience.name}s will ask for " + "; ".join(gaps) + ". Add them, or say they are unknown.")
    after = grade(rewrite)
    if after > TARGET_GRADE and not audience.technical:
        warnings.append(f"Reads at grade {after:.1f}; aim for {TARGET_GRADE:.0f} or lower with shorter sentences.")
    return check, warnings
