"""Find jargon: glossary terms (phrases first) and unknown technical tokens no glossary lists.

Matching works on word tokens and a dict keyed by each entry's first token, so the cost grows with the
text, not with the size of the glossary (hundreds of terms, a few megabytes a second).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from string import ascii_uppercase, digits
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.glossary import Glossary, Term
from coach.analysis.rare import rare_words

# A word token: letters/digits joined by / ' . + - (so "A/B", "CI/CD", "800ms", "don't", "C++" are one token).
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[/'’.+-][A-Za-z0-9]+)*\+{0,2}")

# Unknown-jargon patterns, most specific first. Each names why the token reads as jargon.
Unknown = Literal["code", "metric", "acronym"]
# Linear time: the patterns are tried at every word of a token, so none may read far ahead before failing. A
# dotted path ("a.b.c") is followed for at most 16 parts; the acronym pattern takes a whole capitalised word in
# one step and `_acronym_shaped` checks its shape (as one regex it would try each capital as the last one).
_PATTERNS: tuple[tuple[Unknown, re.Pattern[str]], ...] = (
    ("code", re.compile(r"`[^`\n]{1,80}`")),
    ("code", re.compile(r"\b[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*){0,15}\([^()\s]{0,40}\)")),
    ("code", re.compile(r"(?<![\w/])(?:/[\w.-]+){2,}/?")),
    ("code", re.compile(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){0,15}\.[A-Za-z_]*[A-Z_0-9]\w*\b")),
    ("code", re.compile(r"\b[a-z]\w*_\w+\b|\b[A-Z]\w*_\w+\b")),
    ("code", re.compile(r"\b[a-z]+[A-Z][A-Za-z0-9]*\b")),
    ("code", re.compile(r"--[a-z][\w-]+")),
    # A host name: "db1.cluster.example.com" (a server, not a word).
    (
        "code",
        re.compile(
            r"(?<![/@.\w-])[a-z][\w-]{0,62}(?:\.[\w-]{1,63}){0,6}\.(?:com|org|net|io|dev|internal|local|cloud|app)\b(?!/)"
        ),
    ),
    # A file by its name: "results.db", "app.log", "model.onnx".
    (
        "code",
        re.compile(
            r"(?<![\w./-])[\w-]{1,60}\.(?:db|sqlite3?|log|xml|html?|csv|tsv|parquet|jsonl?|pkl|pt|bin|onnx|zip|gz|tgz|"
            r"tar|exe|dll|so|jar|wasm|lock|env|conf|cfg|ini|toml|ya?ml|py|js|ts|go|rs|java|rb|sh|sql|md|txt)\b(?![.\w])"
        ),
    ),
    # Lower-case letters glued to a digit: "http2", "ipv6", "utf8", "k8s" (a protocol, format or tool).
    ("code", re.compile(r"(?<![\w.-])(?!(?:mp[34]|covid19|[a-z]\d)\b)[a-z]{2,}\d[a-z\d]*(?![\w.-])")),
    ("metric", re.compile(r"\b[pP]\d{2,3}(?:\.\d+)?\b")),
    ("acronym", re.compile(r"\b[A-Z][A-Za-z0-9]*+\b")),
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
# A model's size in parameters right after its name or version: "8B", "70B", "1.5B", "350M".
_MODEL_SIZE = re.compile(r"\s\d+(?:\.\d+)?[BM]\b")
# One pass over the text for all patterns: at each place the first (most specific) pattern that fits wins.
_UNKNOWN = re.compile("|".join(f"(?P<p{i}>{p.pattern})" for i, (_, p) in enumerate(_PATTERNS)))
_SOURCES: dict[str, Unknown] = {f"p{i}": source for i, (source, _) in enumerate(_PATTERNS)}
_BACKTICKS = re.compile(_PATTERNS[0][1].pattern)
_CANDIDATE = re.compile(r"(?<!\S)(?:--|\S\S*?[A-Z0-9_(./])\S*")
_TICKET = re.compile(r"[A-Z][A-Z0-9]+-\d+")
_ASCII_CAPITALS = frozenset(ascii_uppercase)


class ReaderLike(Protocol):
    """Who a text is for, as far as jargon goes: any object with these two attributes (an audience profile).

    A protocol, not the audience model itself: analysis sits below the features that define readers.
    """

    @property
    def id(self) -> str:
        """The reader's identifier; a glossary entry's `known_by` lists the identifiers that know it."""
        ...

    @property
    def description(self) -> str | None:
        """The user's own words about the reader ("a CFO who knows SQL"); a term it names is known."""
        ...


class JargonHit(BaseModel):
    """A stretch of text an audience may not understand."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(description="The text as written.")
    plain: str | None = Field(description="Plain words for it, when the glossary has them; null for unknown jargon.")
    start: int = Field(ge=0, description="Character offset where the term starts in the text.")
    end: int = Field(ge=0, description="Character offset just past the term.")
    source: Literal["glossary", "code", "metric", "acronym", "rare", "name"] = Field(
        description=(
            "glossary: a listed term; otherwise why an unlisted token reads as jargon (rare: a word everyday "
            "English lacks; name: a product, vendor, library or hardware name)."
        )
    )


@dataclass(frozen=True, slots=True)
class GlossaryMatch:
    """One occurrence of a glossary entry in a text."""

    entry: Term
    start: int
    end: int
    text: str


_WORD = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"['’][sS]$")
_GLOSS_AFTER = re.compile(r"[`’'\"]?(?:,\s[^:;()]{1,120})?:\s")
_HYPHENATED = re.compile(r"(?<![\w-])[A-Za-z]{2,}(?:-[A-Za-z]{2,}){1,2}(?![\w-])")
_ES_PLURAL = ("s", "x", "z", "ch", "sh")
# Ordinary nouns that name what a technical term works on ("storage caching", "database replication"): the phrase is
# what the reader meets, so it is what gets explained. Words that are glossary terms themselves are skipped at use.
_MODIFIER_NOUNS = frozenset(
    "storage database disk network server client query request response connection memory data file user session "
    "message event job task table page image service browser log record row asset content search read write".split()
)
# A swap of fewer plain words than this reads well inside a phrase; a longer one is explained after the phrase.
_PHRASE_GLOSS_WORDS = 3
# The word right before a term, separated by one space (not glued to a path, a number or a hyphenated word).
_NOUN_BEFORE = re.compile(r"(?<![\w'’./-])([A-Za-z]+) $")  # searched up to the term's start
# Endings of words that are nouns or adjectives only ("replication", "latency", "scheduler"): no "-ing"/"-ed" form of
# theirs is a word, so none is made (each would only lengthen the compiled pattern).
_NOUN_ENDINGS = (
    "tion", "sion", "ity", "ment", "ness", "ance", "ence", "ancy", "ency", "ism", "ist", "ics", "ogy", "er", "or",
    "ar", "al", "ic", "ous", "ive", "ant", "ent", "able", "ible", "ful", "less", "ing", "ed", "ly", "s", "y",
)  # fmt: skip
_VOWEL_Y = ("ay", "ey", "oy")


def _verb_forms(word: str) -> set[str]:
    """The "-ing" and "-ed" forms of a lower-cased one-word form: "cache" → "caching", "cached"; "shard" → "sharding",
    "sharded". Only for a plain word of four letters or more that can be a verb (a phrase's last word is mostly a
    noun: "database", "system"); a doubled consonant ("logging") is left to the glossary, since guessing it would
    also make real words of other meanings ("prod" → "prodding")."""
    if not (len(word) >= 4 and word.isalpha() and word.isascii() and word.islower()):
        return set()
    if word.endswith(_NOUN_ENDINGS) and not word.endswith(_VOWEL_Y):
        return set()
    stem = word[:-1] if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) else word
    return {f"{stem}ing", f"{stem}ed"}


def _variants(form: str) -> set[str]:
    """Other spellings of a lower-cased form: hyphen/space/joined, and the plural of its last word."""
    spellings = {form}
    if "-" in form:
        spellings |= {form.replace("-", " "), form.replace("-", "")}
    elif " " in form and len(form.split()) == 2 and all(len(w) >= 3 for w in form.split()):
        spellings.add(form.replace(" ", "-"))
    out = set(spellings)
    for spelling in spellings:
        last = re.split(r"[ -]", spelling)[-1]
        if len(last) < 3 or not last.isalpha():
            continue
        if last.endswith(_ES_PLURAL):
            out.add(spelling + "es")
        elif last.endswith("y") and last[-2:-1] not in "aeiou":
            out.add(spelling[:-1] + "ies")
        else:
            out.add(spelling + "s")
    out.discard(form)
    return out


@cache
def _everyday_words() -> frozenset[str]:
    import wordfreq  # the list rare.py reads too (wordfreq caches it): words used at least once per million

    return frozenset(wordfreq.get_frequency_dict("en", wordlist="small"))


def _case_variants(form: str) -> tuple[str, ...]:
    """ "Wer" and "wer" for "WER": how an all-capitals acronym of three letters or more is also written, in a
    title-cased label ("Wer: 0.21", "Sota results") or in running lower-case text ("returns json"); none when that
    spelling is an everyday word ("Map", "cap", "rag"), which a capital at a sentence start, or plain prose, would
    otherwise turn into jargon."""
    if len(form) < 3 or not (form.isalpha() and form.isascii() and form.isupper()):
        return ()
    if form.lower() in _everyday_words():
        return ()
    return form[0] + form[1:].lower(), form.lower()


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 and not any(c.islower() for c in letters[1:])


def _normal(text: str) -> str:
    return " ".join(text.split())


# A term must stand alone: not glued into a larger token ("NDCG@10", "precision_at_k", "recall()", "recall.py").
_BEFORE = r"(?<![\w@#$\\])(?<![A-Za-z0-9][/'’.+-])"
# A possessive ("the API's limits") still counts as the term.
_AFTER = r"(?![\w@#$\\(])(?![/.+-][A-Za-z0-9])(?!['’](?![sS]\b)[A-Za-z0-9])"


_Trie = dict[str, "_Trie"]


def _trie_pattern(forms: Iterable[str]) -> str:
    """One regex for many literal forms, shaped as a trie so matching costs the same for 10 or 3,000 terms.

    Longer continuations are tried first, so a match is the longest form at that position; a space in a
    form matches any run of white space (a phrase may wrap across a line) but never punctuation.
    """
    trie: _Trie = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends_here = "" in node
        alternatives = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch
        ]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 and not ends_here else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if ends_here else body

    return build(trie)


class JargonIndex:
    """A glossary compiled for fast matching of every form (term and aliases) of every entry."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._folded: dict[str, Term] = {}  # lower-cased form → entry (ordinary words match in any case)
        self._exact: dict[str, Term] = {}  # acronyms match only as written: "ML" but not "5 ml"
        for entry in glossary.terms:
            for form in entry.forms:
                if _is_acronym(form):
                    self._exact.setdefault(_normal(form), entry)
                else:
                    self._folded.setdefault(_normal(form).lower(), entry)
        # Spelling variants of every ordinary form: hyphen or space ("fail-over", "fail over", "failover"), and
        # plurals of the last word ("health checks", "dependencies", "caches"). A variant never displaces a form
        # some entry lists itself, and the offline engine explains a variant rather than swapping it.
        for form, entry in list(self._folded.items()):
            for variant in _variants(form):
                self._folded.setdefault(variant, entry)
        # Word forms: "caching" and "cached" of a "cache" entry (explained, never swapped: not the entry's own
        # form), and "Wer" or "wer" of "WER" (the same word, so it is treated as written "WER"). None may be an
        # everyday word: "committed" is not about code and "Map" at a sentence start is no acronym. An entry can
        # refuse the "-ing"/"-ed" forms (`word_forms: false`: "porting" is moving code, not a network port).
        everyday = _everyday_words()
        for entry in glossary.terms:
            for form in entry.forms:
                for spelling in _case_variants(_normal(form)):
                    if spelling.lower() not in self._folded:
                        self._exact.setdefault(spelling, entry)
                if not entry.word_forms:
                    continue
                for variant in _verb_forms(form):
                    if variant not in everyday:
                        self._folded.setdefault(variant, entry)
        self._patterns = [
            (re.compile(f"{_BEFORE}(?:{_trie_pattern(self._folded)}){_AFTER}", re.IGNORECASE), True),
            (re.compile(f"{_BEFORE}(?:{_trie_pattern(self._exact)}){_AFTER}"), False),
        ]

    def _lookup(self, text: str, folded: bool) -> Term | None:
        key = _normal(_POSSESSIVE.sub("", text))
        return self._folded.get(key.lower()) if folded else self._exact.get(key)

    def matches(self, text: str, *, context: str | None = None) -> list[GlossaryMatch]:
        """Every glossary occurrence, nested ones included ("recall" inside "high recall but low precision").

        An ambiguous entry takes the meaning the words around it point to (those of `context`, the whole document
        a part comes from, when given: "hosts" means servers in a text that says "servers" in another part), and is
        skipped when none fits."""
        found: list[GlossaryMatch] = []
        words: frozenset[str] | None = None
        meant: dict[str, Term | None] = {}

        def in_context(entry: Term) -> Term | None:
            nonlocal words
            if not entry.ambiguous:
                return entry
            if entry.term not in meant:
                if words is None:
                    words = frozenset(w.lower() for w in _WORD.findall(text if context is None else context))
                meant[entry.term] = entry.in_context(words)
            return meant[entry.term]

        for pattern, folded in self._patterns:
            seen: dict[str, tuple[Term | None, list[tuple[int, int, Term]]]] = {}  # the same words recur
            for m in pattern.finditer(text):
                written = m.group()
                known = seen.get(written)
                if known is None:
                    known = seen[written] = (self._lookup(written, folded), list(self._nested(written)))
                entry, inner = known
                if entry is None or (entry := in_context(entry)) is None:
                    continue
                start = m.start()
                found.append(GlossaryMatch(entry, start, m.end(), written))
                for a, b, e in inner:
                    if (sense := in_context(e)) is not None:
                        found.append(GlossaryMatch(sense, start + a, start + b, written[a:b]))
        # "fail-over", "health-checks": a hyphenated spelling of a one-word form ("failover"), unless a listed
        # phrase already covers it ("multi-AZ deployment").
        taken = _Intervals((g.start, g.end) for g in found)
        for m in _HYPHENATED.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            joined = m.group().replace("-", "").lower()
            entry = self._folded.get(joined) or self._folded.get(joined.removesuffix("s"))
            if entry is not None and (entry := in_context(entry)) is not None:
                found.append(GlossaryMatch(entry, m.start(), m.end(), m.group()))
        found.extend(self._noun_phrases(text, found))
        return found

    def _noun_phrases(self, text: str, found: list[GlossaryMatch]) -> Iterator[GlossaryMatch]:
        """ "storage caching", "database replication": a term after an ordinary technical noun, as the whole phrase
        the reader sees, so its explanation follows the phrase ("storage caching (…)"). Not for a term with a short
        swap, which reads better swapped in place ("storage response time" for "storage latency"). A modifier that is
        a term of its own keeps its own explanation."""
        ends = {g.end for g in found}
        for g in found:
            exact = _normal(g.text).lower() in {f.lower() for f in g.entry.forms}
            if g.entry.style == "replace" and exact and len(g.entry.plain.split()) < _PHRASE_GLOSS_WORDS:
                continue
            m = _NOUN_BEFORE.search(text, max(0, g.start - 24), g.start)
            if m is None or g.start - 1 in ends:
                continue
            noun = m.group(1).lower()
            if noun in _MODIFIER_NOUNS and noun not in self._folded:
                yield GlossaryMatch(g.entry, m.start(1), g.end, text[m.start(1) : g.end])

    def _nested(self, phrase: str) -> Iterator[tuple[int, int, Term]]:
        """Shorter terms inside a matched phrase: each run of its words that is itself a form."""
        words = [(w.start(), w.end()) for w in _TOKEN.finditer(phrase)]
        for i, (a, _) in enumerate(words):
            for j in range(i, len(words)):
                b = words[j][1]
                if (a, b) == (0, len(phrase)):
                    continue
                entry = self._lookup(phrase[a:b], True) or self._lookup(phrase[a:b], False)
                if entry is not None:
                    yield a, b, entry


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


def knows(audience: ReaderLike, entry: Term) -> bool:
    """Whether this reader already understands the entry without help."""
    if audience.id in entry.known_by:
        return True
    if audience.description:
        said = audience.description.lower()
        return any(re.search(rf"(?<!\w){re.escape(f.lower())}(?!\w)", said) for f in entry.forms)
    return False


def unknown_tokens(text: str, *, skip: Iterable[tuple[int, int]] = ()) -> Iterator[JargonHit]:
    """Technical-looking tokens that no glossary explains: acronyms, identifiers, code, percentile metrics."""
    taken = _Intervals(skip)
    # Most words are plain lower-case words; only "words" with a capital, digit or code character after their
    # first character (plus back-quoted spans, which may hold spaces) go through the detailed patterns.
    spans = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    spans += [(m.start(), m.end()) for m in _CANDIDATE.finditer(text)]
    for lo, hi in spans:
        for m in _UNKNOWN.finditer(text, lo, hi):
            token, source = m.group(), _SOURCES[m.lastgroup or ""]
            if taken.overlaps(m.start(), m.end()) or _ordinary(token, source, text, m.start()):
                continue
            taken.add(m.start(), m.end())
            yield JargonHit(term=token, plain=None, start=m.start(), end=m.end(), source=source)


def _acronym_shaped(token: str) -> bool:
    """Whether a capitalised word has a second capital with only capitals and digits after it (an optional final
    "s" aside): "API", "SLAs", "PostgreSQL", "IPv6"... but not "Hello" or "Ab9c"."""
    rest = token[1:].removesuffix("s").rstrip(digits)
    return rest[-1:] in _ASCII_CAPITALS


def _ordinary(token: str, source: Unknown, text: str, start: int) -> bool:
    """Whether a token that looks technical is one everyone reads without help."""
    if source == "code":
        return token in _COMMON_CAMEL
    if source != "acronym":
        return False
    if not _acronym_shaped(token):
        return True  # a capitalised word, not an acronym
    if token in _COMMON_CAPS or token.rstrip("s") in _COMMON_CAPS or _TICKET.match(text, start):
        return True
    if token.isalpha() and token.isupper() and len(token) >= 6:
        return True  # a shouted word ("IMPORTANT", "APPROVED"), not an acronym
    # "PostgreSQL"-like names are names, not acronyms; "McDonald" neither.
    return not token.isupper() and sum(c.isupper() for c in token) < 3


class _Intervals:
    """Spans already claimed, kept sorted so an overlap test is a binary search, not a scan (texts are long)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)  # merge nested or overlapping spans
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._ends, start + 1)  # first span ending after `start`
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        # Only called for spans that overlap nothing, so the lists stay disjoint and sorted.
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def find_jargon(text: str, audience: ReaderLike, index: JargonIndex, *, rare: bool = True) -> list[JargonHit]:
    """Everything in `text` this audience would not know, sorted by position (nested glossary terms included).

    With `rare` False, words flagged only for rarity or as names are left out (no plain wording exists for them
    offline; callers that grade a rewrite's explanations use this)."""
    matches = index.matches(text)
    hits = [
        JargonHit(term=m.text, plain=m.entry.plain, start=m.start, end=m.end, source="glossary")
        for m in matches
        if not knows(audience, m.entry)
    ]
    taken = [(m.start, m.end) for m in matches]
    unknown = list(unknown_tokens(text, skip=taken))
    hits.extend(unknown)
    taken.extend((h.start, h.end) for h in unknown)
    for start, end, kind in rare_words(text, skip=taken) if rare else ():
        term = text[start:end]
        if audience.description and term.lower() in audience.description.lower():
            continue  # the user said this reader knows it
        hits.append(JargonHit(term=term, plain=None, start=start, end=end, source=kind))
    return sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))


def is_explained(text: str, start: int, end: int) -> bool:
    """Whether a term at text[start:end] comes with an explanation: "(…)" right after it, or it sits in brackets."""
    version = VERSION_AFTER.match(text, end)  # "Postgres 16 (…)": the bracket may follow the name's version
    if version:
        end = version.end()
    size = _MODEL_SIZE.match(text, end)  # "Llama 3 8B (…)": or a model's size after its version
    if size:
        end = size.end()
    # On the same line: a "- " after a line break is the next bullet, not a dash that explains.
    after = text[end : end + 16].split("\n", 1)[0].lstrip()
    before = text[max(0, start - 2) : start].rstrip()
    return after.startswith(("(", "—", "- ", ", i.e", ", meaning", ", which means")) or before.endswith("(")


def unexplained_jargon(text: str, audience: ReaderLike, index: JargonIndex, *, rare: bool = False) -> list[JargonHit]:
    """Jargon left in a rewrite with no explanation next to it (outermost terms only). Rare words and names are
    included only with `rare` (they are reported, but no glossary has plain words for them)."""
    hits = outermost(find_jargon(text, audience, index, rare=rare))
    # A term is explained where the reader first meets it: in brackets right after it, or in the gloss bracket
    # that closes its phrase ("the failover runbook (failover: …)"); later occurrences need nothing more.
    first: dict[str, JargonHit] = {}
    for h in hits:
        first.setdefault(h.term.lower(), h)
    explained = {
        key
        for key, h in first.items()
        if is_explained(text, h.start, h.end) or glossed(text, h.end) or glossed_after(text, h.term, h.end)
    }
    return [h for h in hits if h.term.lower() not in explained]


def unexplained_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The listed terms that occur in `text` with no explanation where the reader first meets them."""
    left: list[str] = []
    for term in terms:
        m = re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE)
        if m is None:
            continue
        explained = is_explained(text, m.start(), m.end()) or glossed(text, m.end())
        if not explained and not glossed_after(text, term, m.end()):
            left.append(m.group())
    return left


def glossed(text: str, end: int) -> bool:
    """Whether a term is explained inside a bracket that follows its phrase: "the failover runbook (failover: …)"."""
    # "(`A`, `B`: names in the code)": a term named in a list that a gloss closes counts too.
    said = _GLOSS_AFTER.match(text, end) is not None
    return said and "(" in text[max(0, end - 400) : end].rsplit(")", 1)[-1]


def glossed_after(text: str, term: str, end: int) -> bool:
    """Whether a gloss bracket naming `term` follows soon after `end`, before the sentence ends."""
    # The gloss sits in the same sentence, or in the bracketed note right after it ("… settings. (nginx: …).").
    window = text[end : end + 800]
    stop = re.search(r"[.!?](?=\s)|\n(?=[ \t]*\n|[ \t]*(?:[-*•+]|\d{1,3}[.)]|#{1,6})[ \t])", window)
    ahead = window if stop is None else window[: stop.end()]
    note = re.match(r"\s*\((?:[^()]|\([^()]*\)){0,600}\)", window[len(ahead) :])  # "(`f()`: a name…)"
    if note is not None:
        ahead += note.group()
    return re.search(rf"\((?:[^()]*[;.]\s*)?{re.escape(term)}:\s", ahead, re.IGNORECASE) is not None
