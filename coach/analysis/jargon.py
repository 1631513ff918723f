"""Find jargon: glossary terms (phrases first) and unknown technical tokens no glossary lists.

Matching works on word tokens and a dict keyed by each entry's first token, so the cost grows with the
text, not with the size of the glossary (hundreds of terms, a few megabytes a second).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.glossary import Glossary, Term
from coach.audiences import Audience

# A word token: letters/digits joined by / ' . + - (so "A/B", "CI/CD", "800ms", "don't", "C++" are one token).
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[/'’.+-][A-Za-z0-9]+)*\+{0,2}")

# Unknown-jargon patterns, most specific first. Each names why the token reads as jargon.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"`[^`\n]{1,80}`")),
    ("code", re.compile(r"\b[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*\([^()\s]{0,40}\)")),
    ("code", re.compile(r"(?<![\w/])(?:/[\w.-]+){2,}/?")),
    ("code", re.compile(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.[A-Za-z_]*[A-Z_0-9]\w*\b")),
    ("code", re.compile(r"\b[a-z]\w*_\w+\b|\b[A-Z]\w*_\w+\b")),
    ("code", re.compile(r"\b[a-z]+[A-Z][A-Za-z0-9]*\b")),
    ("code", re.compile(r"--[a-z][\w-]+")),
    ("metric", re.compile(r"\b[pP]\d{2,3}(?:\.\d+)?\b")),
    ("acronym", re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Z0-9]*s?\b")),
)
# Capitalised tokens everyone reads without help (business words, units, ordinary shouting).
_COMMON_CAPS = frozenset(
    (
        "I OK US USA UK EU UN CEO CTO CFO COO CIO CMO CRO VP SVP EVP HR AM PM UTC GMT USD EUR GBP FAQ ASAP ETA FYI "
        "TL TLDR DR AI IT TV PC PDF URL NB PS RSVP Q1 Q2 Q3 Q4 H1 H2 FY KPI KPIs ROI B2B B2C NOTE TODO WIP EOD EOW "
        "OOO MVP CEOs CTOs VPs GB MB KB TB PB GHz MHz ID IDs NYC LA SF II III IV"
    ).split()
)
_COMMON_CAMEL = frozenset({"iPhone", "iPad", "iOS", "eBay", "macOS", "iCloud", "eCommerce", "YouTube", "LinkedIn"})
# A version right after a name ("Postgres 16", "Kubernetes v1.29"), not a quantity ("3 ms", "40%").
VERSION_AFTER = re.compile(r"\s?v?\d+(?:\.\d+)*\b(?![%$])(?!\s*(?:ms|s|GB|MB|TB|%))")
_GLUE = frozenset("@#_$\\")
_GLUE_AFTER = frozenset({"@", "#", "_", "$", "\\", "("})
_TICKET = re.compile(r"[A-Z][A-Z0-9]+-\d+")


class JargonHit(BaseModel):
    """A stretch of text an audience may not understand."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(description="The text as written.")
    plain: str | None = Field(description="Plain words for it, when the glossary has them; null for unknown jargon.")
    start: int = Field(ge=0, description="Character offset where the term starts in the text.")
    end: int = Field(ge=0, description="Character offset just past the term.")
    source: Literal["glossary", "code", "metric", "acronym"] = Field(
        description="glossary: a listed term; otherwise why an unlisted token reads as jargon."
    )


@dataclass(frozen=True, slots=True)
class GlossaryMatch:
    """One occurrence of a glossary entry in a text."""

    entry: Term
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Form:
    words: tuple[str, ...]  # lowercased tokens
    exact: tuple[str, ...] | None  # tokens that must match case-sensitively (acronyms), else None
    entry: Term


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 and not any(c.islower() for c in letters[1:])


class JargonIndex:
    """A glossary compiled for fast matching of every form (term and aliases) of every entry."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._by_first: dict[str, list[_Form]] = {}
        for entry in glossary.terms:
            for form in entry.forms:
                raw = [m.group() for m in _tokens(form)]
                if not raw:
                    continue
                words = tuple(w.lower() for w in raw)
                exact = tuple(raw) if _is_acronym(form) else None
                self._by_first.setdefault(words[0], []).append(_Form(words, exact, entry))
        for forms in self._by_first.values():
            forms.sort(key=lambda f: -len(f.words))  # longest phrase first

    def matches(self, text: str) -> list[GlossaryMatch]:
        """Every glossary occurrence, nested ones included ("recall" inside "high recall but low precision")."""
        toks = _tokens(text)
        lowered = [m.group().lower() for m in toks]
        found: list[GlossaryMatch] = []
        by_first = self._by_first
        for i, word in enumerate(lowered):
            forms = by_first.get(word)
            if forms is None and word.endswith("s") and len(word) > 3:
                forms = [f for f in by_first.get(word[:-1], ()) if len(f.words) == 1]  # a plain plural
            if not forms:
                continue
            for form in forms:
                n = len(form.words)
                if n > 1 and tuple(lowered[i : i + n]) != form.words:
                    continue
                if i + n > len(toks):
                    continue
                if form.exact is not None and tuple(m.group() for m in toks[i : i + n]) != form.exact:
                    continue
                start, end = toks[i].start(), toks[i + n - 1].end()
                if (start and text[start - 1] in _GLUE) or text[end : end + 1] in _GLUE_AFTER:
                    continue  # part of a larger token: "NDCG@10", "@recall", "precision_at_k", "recall()"
                found.append(GlossaryMatch(form.entry, start, end, text[start:end]))
        return found


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


def outermost(spans: Iterable[S]) -> list[S]:
    """The longest non-overlapping spans, left to right (what a rewrite substitutes, what the UI highlights)."""
    chosen: list[S] = []
    last_end = -1
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.start >= last_end:
            chosen.append(span)
            last_end = span.end
    return chosen


def knows(audience: Audience, entry: Term) -> bool:
    """Whether this reader already understands the entry without help."""
    if audience.id in entry.known_by:
        return True
    if audience.description:
        said = audience.description.lower()
        return any(re.search(rf"(?<!\w){re.escape(f.lower())}(?!\w)", said) for f in entry.forms)
    return False


def unknown_tokens(text: str, *, skip: Iterable[tuple[int, int]] = ()) -> Iterator[JargonHit]:
    """Technical-looking tokens that no glossary explains: acronyms, identifiers, code, percentile metrics."""
    taken = sorted(skip)
    for source, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            token = m.group()
            if _overlaps(taken, m.start(), m.end()):
                continue
            if source == "acronym" and (
                token in _COMMON_CAPS or token.rstrip("s") in _COMMON_CAPS or _TICKET.match(text, m.start())
            ):
                continue
            if source == "acronym" and token.isalpha() and token.isupper() and len(token) >= 6:
                continue  # a shouted word ("IMPORTANT", "APPROVED"), not an acronym
            if source == "acronym" and not token.isupper() and sum(c.isupper() for c in token) < 3:
                continue  # "PostgreSQL"-like names are names, not acronyms; "McDonald" neither
            if source == "code" and token in _COMMON_CAMEL:
                continue
            taken.append((m.start(), m.end()))
            taken.sort()
            yield JargonHit(term=token, plain=None, start=m.start(), end=m.end(), source=source)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_jargon(text: str, audience: Audience, index: JargonIndex) -> list[JargonHit]:
    """Everything in `text` this audience would not know, sorted by position (nested glossary terms included)."""
    matches = index.matches(text)
    hits = [
        JargonHit(term=m.text, plain=m.entry.plain, start=m.start, end=m.end, source="glossary")
        for m in matches
        if not knows(audience, m.entry)
    ]
    hits.extend(unknown_tokens(text, skip=[(m.start, m.end) for m in matches]))
    return sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))


def is_explained(text: str, start: int, end: int) -> bool:
    """Whether a term at text[start:end] comes with an explanation: "(…)" right after it, or it sits in brackets."""
    version = VERSION_AFTER.match(text, end)  # "Postgres 16 (…)": the bracket may follow the name's version
    if version:
        end = version.end()
    after = text[end : end + 4].lstrip()
    before = text[max(0, start - 2) : start].rstrip()
    return after.startswith(("(", "—", "- ", ", i.e", ", meaning", ", which means")) or before.endswith("(")


def unexplained_jargon(text: str, audience: Audience, index: JargonIndex) -> list[JargonHit]:
    """Jargon left in a rewrite with no explanation next to it (outermost terms only)."""
    return [h for h in outermost(find_jargon(text, audience, index)) if not is_explained(text, h.start, h.end)]
