"""Technical tokens no glossary lists, found by their shape: code, identifiers, paths, host and file names,
protocol-like tokens, percentile metrics and acronyms (ordinary capitalised words and common acronyms aside)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from string import ascii_uppercase, digits
from typing import Literal

from coach.analysis.rare import frequency
from coach.analysis.spans import Intervals

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
    # A model's size in parameters: "70B", "124M", "1.5B" (read only in a text about models, see `_ordinary`).
    ("metric", re.compile(r"(?<![\w$€£.,])\d{1,4}(?:\.\d{1,2})?[BM](?![\w])")),
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
# One pass over the text for all patterns: at each place the first (most specific) pattern that fits wins.
_UNKNOWN = re.compile("|".join(f"(?P<p{i}>{p.pattern})" for i, (_, p) in enumerate(_PATTERNS)))
_SOURCES: dict[str, Unknown] = {f"p{i}": source for i, (source, _) in enumerate(_PATTERNS)}
_BACKTICKS = re.compile(_PATTERNS[0][1].pattern)
_CANDIDATE = re.compile(r"(?<!\S)(?:--|\S\S*?[A-Z0-9_(./])\S*")
_TICKET = re.compile(r"[A-Z][A-Z0-9]+-\d+")
_MODEL_TEXT = re.compile(r"\b(?:param\w*|models?|llms?|gpt\w*|weights|checkpoints?|transformers?|fine-?tun\w*)\b", re.I)
_ASCII_CAPITALS = frozenset(ascii_uppercase)


def shaped_tokens(text: str, *, skip: Iterable[tuple[int, int]] = ()) -> Iterator[tuple[int, int, Unknown]]:
    """(start, end, why) of each technical-looking token outside `skip`: acronyms, identifiers, code, percentile
    metrics."""
    taken = Intervals(skip)
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
            yield m.start(), m.end(), source


def _acronym_shaped(token: str) -> bool:
    """Whether a capitalised word has a second capital with only capitals and digits after it (an optional final
    "s" aside): "API", "SLAs", "PostgreSQL", "IPv6"... but not "Hello" or "Ab9c"."""
    rest = token[1:].removesuffix("s").rstrip(digits)
    return rest[-1:] in _ASCII_CAPITALS


def _ordinary(token: str, source: Unknown, text: str, start: int) -> bool:
    """Whether a token that looks technical is one everyone reads without help."""
    if source == "code":
        return token in _COMMON_CAMEL
    if source == "metric" and token[-1] in "BM":
        return _MODEL_TEXT.search(text) is None  # "$5M" or "a 5M budget" is money; "a 70B model" is a model's size
    if source != "acronym":
        return False
    if not _acronym_shaped(token):
        return True  # a capitalised word, not an acronym
    if token in _COMMON_CAPS or token.rstrip("s") in _COMMON_CAPS or _TICKET.match(text, start):
        return True
    if token.isalpha() and token.isupper() and len(token) >= 6:
        return True  # a shouted word ("IMPORTANT", "APPROVED"), not an acronym
    if token.isalpha() and token.isupper() and _shouted_label(text, start):
        return True  # "BUG FIXES:", "NEW FEATURES": everyday English words in a label written in capitals
    # "PostgreSQL"-like names are names, not acronyms; "McDonald" neither.
    return not token.isupper() and sum(c.isupper() for c in token) < 3


def _shouted_label(text: str, start: int) -> bool:
    """Whether the short line holding `start` is a label in capitals made of everyday words ("BUG FIXES:")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start, line_start + 61)
    line = text[line_start : line_end if line_end >= 0 else line_start + 61]
    if len(line) > 60 or not (words := re.findall(r"[A-Za-z]+", line)) or len(words) < 2:
        return False
    return all(w.isupper() and frequency(w.lower()) >= 1e-5 for w in words)
