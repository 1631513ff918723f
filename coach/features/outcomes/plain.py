"""Plain words in an outcome statement: the glossary's wording for a term, only where the swap reads right.

An outcome goes to people who did not do the work, so "Cut flaky builds" reads better as "Cut unreliable
builds". The swap is made only when it cannot break the sentence or its facts:
- the glossary says the plain words stand in the term's slot (`style: replace`), and the term is written in
  one of its listed forms (a plural found through its singular has no plural wording);
- a plain wording of two or three words only in a plain noun slot: after "the", "a", "our", a number …, and where
  the term ends its noun phrase ("the queue." / "the queue for"), never before another noun ("queue lag" would
  become "waiting line lag") nor after a verb (its plain words may be a phrase of their own kind);
- never inside code, a URL, a path or an identifier, never on a fact (a name, a number) or an acronym, never
  with plain words that bring a fact of their own, never for a term with several senses;
- each swap is fact-checked, and undone if the statement would lose or add a fact or change what it claims
  (an activity read as a result, or the other way round).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from coach.analysis.activity import assess
from coach.analysis.facts import compare, extract_facts
from coach.analysis.jargon import knows
from coach.analysis.jargon_index import GlossaryMatch, JargonIndex
from coach.analysis.spans import outermost


@dataclass(frozen=True)
class _Reader:
    """Who reads an outcome statement: people who decide, as the readers file's executive."""

    id: str = "executive"
    description: str | None = None


READER = _Reader()
# A phrase ends here: punctuation, the end, or a word that starts a new part of the sentence.
_ENDS_PHRASE = re.compile(
    r"\s*(?:$|[.,;:!?)\]—–]|\s-\s|(?:of|for|to|in|on|at|by|with|from|into|onto|and|or|but|so|after|before|"
    r"is|are|was|were|has|have|had|now|that|which|because|since|until|instead|than|as|across|per|via|without|"
    r"while|when|where|using)\b)",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|our|their|its|this|these|those|every|each|all|no|some)|\d)\s+$", re.I
)
_MAX_PLAIN_WORDS = 3
# Characters that make a word code or an address: `x`, snake_case, a/b/path, name@host, x.y, a=b.
_CODE_CHARS = re.compile(r"[`_/@\\=<>{}#$]|://|\w\.\w|[a-z][A-Z]")


def plain_words(statement: str, index: JargonIndex) -> str:
    """`statement` with jargon a decision-maker would not know swapped for the glossary's plain wording."""
    out = statement
    # Right to left, so the offsets of the matches not yet handled stay valid.
    for m in reversed(outermost(index.matches(statement))):
        if not _swappable(m, statement):
            continue
        plain = _cased(m, statement)
        before = _fix_article(out[: m.start], plain)
        candidate = before + plain + out[m.end :]
        if _same_claim(statement, candidate):
            out = candidate
    return out


def _swappable(m: GlossaryMatch, text: str) -> bool:
    entry = m.entry
    if entry.style != "replace" or knows(READER, entry) or _carries_facts(entry.plain):
        return False
    # A term whose meaning depends on the text around it ("tokens": logins or AI?) is left as written: one task
    # line is too little context to pick the sense.
    if getattr(entry, "cues", ()) or getattr(entry, "senses", ()):
        return False
    if m.text.lower() not in {f.lower() for f in entry.forms}:
        return False
    # An acronym ("DPA", "SLO") is the name colleagues know the thing by: a statement keeps it as written.
    if sum(c.isupper() for c in m.text) >= 2:
        return False
    if _in_code(text, m.start, m.end) or any(f.start < m.end and m.start < f.end for f in extract_facts(text)):
        return False
    words = len(entry.plain.split())
    if words == 1:
        return True
    return (
        words <= _MAX_PLAIN_WORDS
        and _DETERMINER_BEFORE.search(text, 0, m.start) is not None
        and _ENDS_PHRASE.match(text, m.end) is not None
    )


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits in a code span or inside a word that is code, a path, a URL or a name@host."""
    if text[:start].count("`") % 2:
        return True
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    word = text[left : right if right != -1 else len(text)].strip(".,;:!?()[]\"'")
    return _CODE_CHARS.search(word) is not None


def _same_claim(before: str, after: str) -> bool:
    """The swap keeps every fact, adds none, and leaves the statement an activity or a result as it was."""
    check = compare(before, after)
    return check.ok and not check.added and assess(before).activity_only == assess(after).activity_only


@cache
def _carries_facts(words: str) -> bool:
    return bool(extract_facts(words))


def _cased(m: GlossaryMatch, text: str) -> str:
    plain = m.entry.plain
    starts = m.start == 0 or re.search(r"[.!?]\s*$", text[: m.start]) is not None
    if starts and plain[:1].islower() and not plain[1:2].isupper():
        return plain[:1].upper() + plain[1:]
    return plain


def _fix_article(before: str, word: str) -> str:
    """Keep 'a'/'an' right before a swapped word in agreement with it."""
    article = re.search(r"\b(a|an|A|An)\s+$", before)
    if not article:
        return before
    vowel = word[:1].lower() in "aeiou"
    new = ("an" if vowel else "a") if article.group(1).islower() else ("An" if vowel else "A")
    return before[: article.start(1)] + new + before[article.end(1) :]
