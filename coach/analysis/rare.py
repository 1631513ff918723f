"""Jargon no glossary lists, found by shape and rarity: words rare in everyday English, product and vendor names,
hardware and instance-type names.

A glossary can never list every library, product and team word; but a word that everyday English almost never uses
("idempotent", "sharding", "Nuget") is one a non-technical reader will stumble on. Rarity comes from the `wordfreq`
package's English list (data inside the package: no network), whose "small" list holds every word used at least
once per million words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Literal

RareKind = Literal["rare", "name"]

# A word, possibly hyphenated or CamelCased; not glued to digits, underscores, dots-with-letters or slashes (those
# are identifiers, paths and versions, which the code patterns of jargon.py handle).
_WORD = re.compile(r"(?<![\w@/.\\-])[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*(?![\w@/\\-])(?!\.\w)")
# Hardware and instance types: "A100", "T4", "H100", "m5.large", "p4d.24xlarge", "c6g.xlarge".
_MODEL_NAME = re.compile(r"(?<![\w.-])(?:[A-Z]{1,2}\d{1,4}[a-z]?|[a-z]\d[a-z]{0,3}\.\d{0,2}[a-z]+)(?![\w.-])")
# A product's variant: "Whisper-medium", "Llama-3", "GPT-4o" (a capitalised name joined to a size or version),
# not after a sentence break, where "Self-hosted" is just a capitalised word.
_VARIANT_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][A-Za-z]+-(?:[a-z]+|\d[\w.]*)(?![\w-])")
# A product or component named in Title Case inside a sentence: "the Atlas Gateway", "our Billing Connector",
# "Travis Hub" (each word may be everyday English; together, and capitalised, they name a thing the reader may not
# know). Not after a sentence break, where any word is capitalised.
_PRODUCT_NAME = re.compile(
    # after a word, or where a line or sentence starts ("Travis Hub is the component…", a "Phoenix Connector
    # Changes" title), but not a capitalised determiner ("The Service", "Our Platform" are no names)
    r"(?:(?<=[a-z,;:(] )|(?<![^\n])|(?<=[.!?] ))(?!(?:The|A|An|Our|Your|Their|Its|This|That|These|Those|Each|Every|"
    r"Any|No|Some|All|New|Old|Main|Other|Both|Which|What|When|Where|Why|How|If|In|On|At|For|From|To|With|By|Of) )"
    r"(?:[A-Z][a-z]+ ){1,3}(?:Gateway|Connector|Hub|Service|Server|Servers|Engine|Manager|Console|"
    r"Portal|Studio|Agent|Proxy|Store|Registry|Runtime|Platform|Cluster|Pipeline|Scheduler|Router|Controller|"
    r"Operator|Broker|Bus|Mesh|Vault|Functions|Workers|Insights|Analytics|Monitor|SDK|API|CLI|Plugin|Extension)\b"
)
# A cloud region or zone: "us-east-1a", "eu-west-2" (a place in a provider's network: a name, with no plain
# wording offline).
_REGION = re.compile(r"(?<![\w.-])[a-z]{2,}(?:-[a-z]+)+-\d{1,2}[a-z]?(?![\w.-])")
# Letter-digit names every reader knows: quarters, halves, fiscal years, severity and priority levels.
_COMMON_MODEL = re.compile(r"(?:Q[1-4]|H[12]|FY\d{2,4}|[PS][0-4]|L[1-3]|W\d{1,2}|[A-Z]\d{1,2}[a-z]?)$")
_KNOWN_MODELS = frozenset({"A100", "H100", "T4", "V100", "L4", "A10", "K80", "P100", "TPU", "M1", "M2", "M3"})
_SUFFIXES = ("'s", "’s", "s", "es", "ed", "ing", "er", "ers", "ly", "ness", "ment", "able", "ably", "ful")
_REPLACED_ENDINGS = (("ibly", "ible"), ("ably", "able"), ("ily", "y"), ("ied", "y"), ("ies", "y"), ("ier", "y"))
_PREFIXES = ("un", "re", "pre", "non", "sub", "over", "under", "multi", "auto", "co", "mis", "dis", "de", "in", "im")


@cache
def _frequencies() -> dict[str, float]:
    import wordfreq  # loaded on first use: ~10 ms, and only the analyses that need it pay

    return dict(wordfreq.get_frequency_dict("en", wordlist="small"))


@cache
def _everyday() -> frozenset[str]:
    return frozenset(_frequencies())


def frequency(word: str) -> float:
    """How often a lower-cased word (or its stem) is used in everyday English, as a share of all words; 0.0 for a
    word everyday English lacks. A gloss of a rarer word helps a reader more than one of a common word."""
    known = _frequencies()
    stems = [word] + [word[: -len(s)] for s in _SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3]
    stems += [word[: -len(end)] + new for end, new in _REPLACED_ENDINGS if word.endswith(end)]
    return max((known.get(s, 0.0) for s in stems), default=0.0)


def is_everyday(word: str, *, prefixed: bool = True) -> bool:
    """Whether a lower-cased word (or its stem, or the word after one common prefix) is in everyday English."""
    known = _everyday()
    if word in known:
        return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and word[: -len(suffix)] in known:
            return True
    if any(word.endswith(end) and word[: -len(end)] + new in known for end, new in _REPLACED_ENDINGS):
        return True
    # One prefix only ("unreliable" → "reliable"): peeling prefixes again and again would cost time on "ininin…".
    return prefixed and any(
        word.startswith(p) and len(word) - len(p) >= 4 and is_everyday(word[len(p) :], prefixed=False)
        for p in _PREFIXES
    )


def rare_words(text: str, *, skip: Iterable[tuple[int, int]] = ()) -> Iterator[tuple[int, int, RareKind]]:
    """(start, end, kind) of each stretch outside `skip` that reads as jargon by rarity or shape.

    kind "name": a capitalised or CamelCased word, or a hardware/instance name, that everyday English lacks
    (a product, vendor or library); "rare": a lower-case word everyday English lacks."""
    taken = sorted(skip)
    found: list[tuple[int, int, RareKind]] = []
    for m in _MODEL_NAME.finditer(text):
        token = m.group()
        if token in _KNOWN_MODELS or not _COMMON_MODEL.match(token):
            found.append((m.start(), m.end(), "name"))
    for m in _VARIANT_NAME.finditer(text):
        found.append((m.start(), m.end(), "name"))
    for pattern in (_PRODUCT_NAME, _REGION):
        found.extend((m.start(), m.end(), "name") for m in pattern.finditer(text))
    for m in _WORD.finditer(text):
        token = m.group().rstrip("'’")
        if len(token) < 4:
            continue
        parts = token.split("-")
        if all(is_everyday(p.lower()) or len(p) < 4 for p in parts):
            continue
        capitalised = any(p[:1].isupper() or any(c.isupper() for c in p[1:]) for p in parts)
        end = m.start() + len(token)
        found.append((m.start(), end, "name" if capitalised else "rare"))
    found.sort()
    i = 0
    for start, end, kind in found:
        while i < len(taken) and taken[i][1] <= start:
            i += 1
        if i < len(taken) and taken[i][0] < end:
            continue  # inside a glossary term or a code-shaped token already reported
        yield start, end, kind
