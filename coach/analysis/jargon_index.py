"""Glossary terms in a text: the glossary compiled into one pattern for its ordinary words and one for its acronyms,
with spelling variants, plurals and word forms, nested terms and the meaning of ambiguous terms.

Matching works on word tokens and a dict keyed by each entry's first token, so the cost grows with the
text, not with the size of the glossary (hundreds of terms, a few megabytes a second).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from coach.analysis.glossary import Glossary, Term
from coach.analysis.spans import Intervals

# A word token: letters/digits joined by / ' . + - (so "A/B", "CI/CD", "800ms", "don't", "C++" are one token).
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[/'’.+-][A-Za-z0-9]+)*\+{0,2}")


@dataclass(frozen=True, slots=True)
class GlossaryMatch:
    """One occurrence of a glossary entry in a text."""

    entry: Term
    start: int
    end: int
    text: str


_WORD = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"['’][sS]$")
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


_FIRM = re.compile(r"\b(?:firm|company|vendor|provider|maker|business)\b")


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
        if re.fullmatch(r"\d{3}", last):  # a status code: "HTTP 502s", "504s"
            out.add(spelling + "s")
            continue
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
                    if re.search(r"\s\d{3}$", form):  # "HTTP 502s"
                        self._exact.setdefault(_normal(form) + "s", entry)
                else:
                    self._folded.setdefault(_normal(form).lower(), entry)
        # Spelling variants of every ordinary form: hyphen or space ("fail-over", "fail over", "failover"), and
        # plurals of the last word ("health checks", "dependencies", "caches"). A variant never displaces a form
        # some entry lists itself, and the offline engine explains a variant rather than swapping it.
        # A firm's name has no plural of its own: "Linodes" are the servers Linode rents out, not firms.
        proper = {
            _normal(f).lower()
            for e in glossary.terms
            if _FIRM.search(e.plain)
            for f in e.forms
            if f[:1].isupper() and " " not in f and not _is_acronym(f)
        }
        for form, entry in list(self._folded.items()):
            for variant in _variants(form) if form not in proper else ():
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
        taken = Intervals((g.start, g.end) for g in found)
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
