"""Facts in a text — numbers, money, durations, dates, tickets, names, negations — and a check that a rewrite
keeps every one of them.

Each fact has a *key*: a normalised identity, so "800ms", "800 milliseconds" and "0.8 seconds" are one fact
(`duration:0.8s`), and "$460M", "$460 million" and "$460,000,000" another (`money:USD:460000000`).
`compare` treats each text's keys as a multiset: what the original has more of is *missing*, what the rewrite
has more of is *added*, so a changed value shows on both sides.

Decisions a reader of a fact check should know:
- Approximation words ("~", "about", "roughly") and bounds ("at least", "up to") are not part of a fact.
- Count nouns ("3 regions", "10k users") are not units: the key is the value, so "3" matches "3 regions".
  Units of time, size, money, percent, rate and "x" (times) are part of the key.
- Ranges ("3-6 months", "between 5 and 10 ms", "from 800ms to 200ms") give one fact per end, the unit of
  one end lent to a bare other end; their kind is "range", their keys are those of plain quantities.
- Every negation cue has the key "negation": only their count must match ("did not" = "didn't").
- "zero" and "0" are the number 0, yet "zero downtime" and "no downtime" say the same: in `compare`, a zero
  left unmatched in one text pairs with an unmatched "no", "none" or "without" in the other, either way.
- ALL-CAPS acronyms (API, SLA) are jargon a rewrite should remove, not facts — except a few vendor and
  place names (AWS, IBM, EU). Letter-digit tokens (p99, S3, GPT-4, IPv6, 5xx) are names, never numbers.
- A capitalised word at the start of a sentence is a name only if it is a known product or is written
  capitalised mid-sentence somewhere in the text (or, in `compare`, in either text).
- "5m" is five minutes unless a currency comes first ("$5m"); "5M" and "5B" are millions and billions.
- Percentile jargon may be traded for its meaning: "p99" in one text and "99th percentile", "99%" or
  "99 in 100" in the other are not reported, except that a number the original states must stay.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FactKind = Literal[
    "number", "percent", "money", "duration", "date", "time", "range", "ticket", "name", "negation", "version"
]


class Fact(BaseModel):
    """One fact found in a text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FactKind = Field(description="What sort of fact this is.")
    text: str = Field(description="The fact exactly as written in the source text.")
    key: str = Field(
        description="Normalised identity used for comparison, e.g. 'duration:0.8s', 'money:USD:460000000'."
    )
    start: int = Field(ge=0, description="Offset of the fact's first character in the source text.")
    end: int = Field(ge=0, description="Offset just past the fact's last character in the source text.")


class FactCheck(BaseModel):
    """The outcome of comparing the facts of an original with those of its rewrite."""

    model_config = ConfigDict(extra="forbid")

    ok: bool = Field(description="True when no fact is missing from the rewrite and none was added.")
    missing: list[str] = Field(description="Facts of the original absent from the rewrite, as the original wrote them.")
    added: list[str] = Field(description="Facts in the rewrite absent from the original, as the rewrite wrote them.")


# --- vocabulary ---------------------------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MULT = {
    "k": 10**3, "K": 10**3, "thousand": 10**3, "M": 10**6, "MM": 10**6, "mn": 10**6, "million": 10**6,
    "B": 10**9, "bn": 10**9, "billion": 10**9, "tn": 10**12, "trillion": 10**12,
}  # fmt: skip

_S, _MO = "s", "mo"
# surface form -> (family, factor to the family's base unit). Case-insensitive forms are stored lower-case.
_UNITS_CI: dict[str, tuple[str, int | str]] = {
    **dict.fromkeys(["ns", "nanosecond", "nanoseconds"], (_S, "0.000000001")),
    **dict.fromkeys(["µs", "μs", "microsecond", "microseconds"], (_S, "0.000001")),
    **dict.fromkeys(["ms", "msec", "msecs", "millisecond", "milliseconds"], (_S, "0.001")),
    **dict.fromkeys(["sec", "secs", "second", "seconds"], (_S, 1)),
    **dict.fromkeys(["min", "mins", "minute", "minutes"], (_S, 60)),
    **dict.fromkeys(["hr", "hrs", "hour", "hours"], (_S, 3600)),
    **dict.fromkeys(["day", "days"], (_S, 86400)),
    **dict.fromkeys(["wk", "wks", "week", "weeks"], (_S, 604800)),
    **dict.fromkeys(["month", "months"], (_MO, 1)),
    **dict.fromkeys(["yr", "yrs", "year", "years"], (_MO, 12)),
    **dict.fromkeys(["%", "percent", "per cent", "pct"], ("%", 1)),
    **dict.fromkeys(["percentage point", "percentage points", "pp"], ("pp", 1)),
    **dict.fromkeys(["times", "×"], ("x", 1)),
    **dict.fromkeys(["rps", "qps", "tps"], ("/s", 1)),
    **dict.fromkeys(["byte", "bytes"], ("B", 1)),
    **dict.fromkeys(["bit", "bits"], ("bit", 1)),
    **dict.fromkeys(["kilobyte", "kilobytes"], ("B", 10**3)),
    **dict.fromkeys(["megabyte", "megabytes"], ("B", 10**6)),
    **dict.fromkeys(["gigabyte", "gigabytes"], ("B", 10**9)),
    **dict.fromkeys(["terabyte", "terabytes"], ("B", 10**12)),
    **dict.fromkeys(["petabyte", "petabytes"], ("B", 10**15)),
    **dict.fromkeys(["dollar", "dollars"], ("USD", 1)),
    **dict.fromkeys(["euro", "euros"], ("EUR", 1)),
    **dict.fromkeys(["pound", "pounds"], ("GBP", 1)),
}
# Case matters for these: "Mb" is a megabit, "MB" a megabyte; "USD" is a currency, "usd" nothing.
_UNITS_CS: dict[str, tuple[str, int | str]] = {
    "kB": ("B", 10**3), "KB": ("B", 10**3), "MB": ("B", 10**6), "GB": ("B", 10**9), "TB": ("B", 10**12),
    "PB": ("B", 10**15), "KiB": ("B", 2**10), "MiB": ("B", 2**20), "GiB": ("B", 2**30), "TiB": ("B", 2**40),
    "Kb": ("bit", 10**3), "Mb": ("bit", 10**6), "Gb": ("bit", 10**9), "Tb": ("bit", 10**12),
    "kbps": ("bit/s", 10**3), "Kbps": ("bit/s", 10**3), "Mbps": ("bit/s", 10**6), "Gbps": ("bit/s", 10**9),
    "Tbps": ("bit/s", 10**12), "bps": ("bit/s", 1), "MB/s": ("B/s", 10**6), "GB/s": ("B/s", 10**9),
    "USD": ("USD", 1), "EUR": ("EUR", 1), "GBP": ("GBP", 1), "JPY": ("JPY", 1), "CAD": ("CAD", 1),
    "AUD": ("AUD", 1), "CHF": ("CHF", 1), "INR": ("INR", 1), "CNY": ("CNY", 1),
}  # fmt: skip
# Single letters only count as units when written tight against the number ("5s", "3h", "2x").
_UNITS_TIGHT: dict[str, tuple[str, int | str]] = {
    "s": (_S, 1), "m": (_S, 60), "h": (_S, 3600), "d": (_S, 86400), "us": (_S, "0.000001"),
    "x": ("x", 1), "X": ("x", 1), "×": ("x", 1), "st": ("ord", 1), "nd": ("ord", 1), "rd": ("ord", 1),
    "th": ("ord", 1),
}  # fmt: skip
_ONE = Decimal(1)


def _decimal_factors(table: dict[str, tuple[str, int | str]]) -> dict[str, tuple[str, Decimal]]:
    return {surface: (family, Decimal(factor)) for surface, (family, factor) in table.items()}


_CI_UNITS, _CS_UNITS, _TIGHT_UNITS = map(_decimal_factors, (_UNITS_CI, _UNITS_CS, _UNITS_TIGHT))
_CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCIES = {"USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "INR", "CNY"}
_PER = {
    "second": "s", "seconds": "s", "sec": "s", "secs": "s", "s": "s", "minute": "min", "minutes": "min",
    "min": "min", "mins": "min", "hour": "h", "hours": "h", "hr": "h", "hrs": "h", "h": "h", "day": "day",
    "days": "day", "d": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year",
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip

PRODUCTS: tuple[str, ...] = tuple(
    "Postgres PostgreSQL MySQL MariaDB SQLite Redis MongoDB Cassandra Elasticsearch OpenSearch Kafka Spark "
    "Hadoop Airflow Kubernetes Docker Terraform Ansible Helm Istio Envoy Nginx Apache Tomcat Python Java "
    "Node Node.js Go Golang Rust Ruby Rails PHP Perl Scala Kotlin Swift TypeScript JavaScript React Angular "
    "Vue Django Flask Spring Ubuntu Debian CentOS RHEL Fedora Alpine Windows macOS iOS Android Linux Chrome "
    "Firefox Safari Xcode OpenSSL CUDA PyTorch TensorFlow Llama GPT Claude Gemini Mistral Jenkins Grafana "
    "Prometheus Vault Consul Lambda".split()
)
"""Products whose number after the name is a version ("Postgres 16"), not a count or a metric."""
# Names recognised even at the start of a sentence: unambiguous product and vendor names.
_KNOWN_NAMES = {
    p.casefold() for p in PRODUCTS if p not in {"Go", "Node", "Swift", "Rust", "Spring", "Vault", "Lambda"}
} | {
    "github", "gitlab", "jira", "slack", "salesforce", "stripe", "azure", "google", "microsoft", "amazon",
    "snowflake", "bigquery", "redshift", "databricks", "datadog", "okta", "openai", "anthropic", "oracle",
    "cloudflare", "heroku", "vercel", "netlify", "twilio", "shopify", "zendesk", "hubspot",
}  # fmt: skip
# ALL-CAPS words that are names, not jargon.
_CAPS_NAMES = {"AWS", "GCP", "IBM", "SAP", "AMD", "NVIDIA", "EU", "UK", "US", "USA", "NASA", "HP"}
# Capitalised words that open sentences or headings without naming anything.
_STOP = set(
    "a an the we our us you your i it its this that these those they their them he she his her my me there "
    "here in on at for if when after before but and or so as to by with without from of into onto over under "
    "then also however because since while each every all some most many any both either next last first "
    "second third finally overall currently now what why how who which where please let let's note once "
    "until is are was were be been do does did has have had will would should could can may might must "
    "yes ok okay thanks hi hello dear per via just only even still yet again instead otherwise meanwhile "
    "summary update status result results background impact action actions goal goals problem fix".split()
)
# Prefixes that make "XXX-123" a standard or a model, not a ticket.
_NOT_TICKETS = set(
    "SHA AES UTF GPT ISO RFC COVID TLS SSL HTTP RSA IEEE ECMA PCI SOC WCAG DDR LPDDR USB PCIE IPV MP".split()
)

# --- patterns -----------------------------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    """An alternation that tries longer words first, so 'seventeen' wins over 'seven'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_NUM = r"(?>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"  # atomic: a shorter number never fits better
_ONES = [w for w in _SMALL if 0 < _SMALL[w] < 10]
_TEENS = [w for w in _SMALL if 10 <= _SMALL[w] < 20]
_TENS = [w for w in _SMALL if _SMALL[w] >= 20]
_SCALEW = "thousand|million|billion|trillion"


def _words(words: Iterable[str], *, capital: bool) -> str:
    """An alternation of lower-case words grouped by first letter; `capital` also allows "Two" for "two".

    Speed: grouped this way each branch opens with a plain character, which the regex engine can reject
    without entering the branch; a case-insensitive group would be entered at every try.
    """
    by_first: dict[str, list[str]] = defaultdict(list)
    for w in words:
        by_first[w[0]].append(w[1:])
    return (
        "(?:"
        + "|".join(
            f"{f'[{first.upper()}{first}]' if capital else first}(?:{_alt(rests)})"
            for first, rests in sorted(by_first.items())
        )
        + ")"
    )


def _small_number(*, capital: bool) -> str:
    """zero .. ninety-nine in words."""
    tens = _words(_TENS, capital=capital)
    return rf"(?:{tens}(?:[ -]{_words(_ONES, capital=False)})?|{_words([*_TEENS, *_ONES, 'zero'], capital=capital)})"


def _group_number(*, capital: bool) -> str:
    """zero .. nine hundred and ninety-nine in words."""
    return rf"(?:{_small_number(capital=capital)}(?: hundred(?: (?:and )?{_small_number(capital=False)})?)?)"


_TAIL_REST = rf"(?: (?:and )?{_group_number(capital=False)}(?: (?:{_SCALEW}))?)*"
_TAIL = rf"(?: (?:{_SCALEW}){_TAIL_REST})?"
_NUMW = (
    rf"(?:{_group_number(capital=True)}{_TAIL}"
    rf"|[Aa] (?:dozen|hundred(?: (?:and )?{_small_number(capital=False)})?{_TAIL}|(?:{_SCALEW}){_TAIL_REST})"
    r"|[Dd]ozen|[Tt]wice)"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_FULL_MONTH = "January|February|March|April|June|July|August|September|October|November|December"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_TZ = r"(?:UTC|GMT|Z|[ECMP][SD]?T|BST|CEST|CET|IST|JST|AEST|AEDT|SGT|HKT)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?"
_AMPM = r"(?i:am|pm|a\.m\.|p\.m\.)"
_UNIT_WORDS = rf"{_words((k for k in _UNITS_CI if k.isalpha() or ' ' in k), capital=True)}|{_alt(_UNITS_CS)}|%|×|µs|μs"
_PER_WORDS = _words(_PER, capital=False)
# A capitalised name token: Word, CamelCase (PostgreSQL, GitHub), ACRONYM, iOS-style, Node.js; possessive kept.
_NAME_TOKEN = (
    rf"(?!(?:{_FULL_MONTH}|May|{_WEEKDAY}|No|Not|Never|None|Nothing|Nobody|Neither|Nor|Without|Cannot"
    rf"|{_alt(w.capitalize() for w in _STOP)})(?:['’]s)?\b)"
    r"(?:[A-Z][a-z]+(?:[A-Z][A-Za-z]*)?|[A-Z]{2,}(?:s|[a-z]{2,}[A-Za-z]*)?|(?:i|e|mac|watch|tv)[A-Z][A-Za-z]+)"
    r"(?:\.(?:js|io|ai|NET))?(?:['’]s)?(?![\w]|['’]t\b|-[0-9])"
)

# Lower-case words that can open a fact (negations, number words, "next Tuesday", "issue 12", "version 2").
_TRIGGERS = (
    _words(
        [*_SMALL, "twice", "dozen", "no", "not", "never", "none", "nothing", "nobody", "nowhere", "neither", "nor",
         "without", "cannot", "unable", "fail", "fails", "failed", "failing", "today", "tomorrow", "yesterday",
         "tonight", "version", "pull", "merge", "issue", "ticket", "bug", "incident"],
        capital=False,
    )
    + r"(?![\w'’])|a\s+(?:dozen|hundred|thousand|million|billion|trillion)\b"
    + rf"|(?:next|last|this|coming)\s+(?:week|month|quarter|year|sprint|{_WEEKDAY})\b"
)  # fmt: skip
_LETTER, _DIGIT, _NUMBER_WORD_START = "A-Za-z", "0-9", "zotfsenadZOTFSENAD"
# (kind of match, the characters it can start with, its pattern). Earlier entries win at the same position.
_PATTERNS: list[tuple[str, str, str]] = [
    ("iso", "12", rf"(?<![\w.-])(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12][0-9]|3[01])(?![\w])"),
    ("sdate", _DIGIT, r"(?<![\w./])[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})(?![\w/])"),
    ("clock", _DIGIT, rf"(?<![\w:.])(?P<hh>[01]?[0-9]|2[0-3]):(?P<mm>[0-5][0-9])(?::(?P<ss>[0-5][0-9]))?"
     rf"(?:\s?(?P<ap1>{_AMPM}))?(?:\s?(?P<tz1>{_TZ}))?(?![\w:])"),
    ("hour", _DIGIT, rf"(?<![\w.])(?P<h12>1[0-2]|0?[1-9])\s?(?P<ap2>{_AMPM})(?:\s?(?P<tz2>{_TZ}))?(?![\w])"),
    ("mdate", "JFMASOND", rf"(?<![\w])(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY})(?:,?\s+(?P<md_y>{_YEAR}))?(?![\w])"),
    ("dmdate", _DIGIT, rf"(?<![\w.])(?P<dm_d>{_DAY})\s+(?:of\s+)?(?P<dm_m>{_MONTH})"
     rf"(?:,?\s+(?P<dm_y>{_YEAR}))?(?![\w])"),
    ("mydate", "JFMASOND", rf"(?<![\w])(?P<my_m>{_MONTH}),?\s+(?P<my_y>{_YEAR})(?![\w])"),
    ("month", "JFMASOND", rf"(?<![\w])(?:{_FULL_MONTH})(?![\w])"),
    ("wday", "nlctNLCTMWFS", rf"(?<![\w])(?:(?P<wd_rel>(?i:next|last|this|coming))\s+)?(?P<wd>{_WEEKDAY})(?![\w])"),
    ("reldate", "tynlTYNL", r"(?<![\w])(?i:today|tomorrow|yesterday|tonight"
     r"|(?:next|last|this)\s+(?:week|month|quarter|year|sprint))(?![\w])"),
    ("quarter", "QH", rf"(?<![\w])(?P<q>Q[1-4]|H[12])(?:\s+(?:FY\s?)?(?P<qy>{_YEAR}|'?[0-9]{{2}}))?(?![\w])"),
    ("fy", "F", r"(?<![\w])FY\s?'?(?P<fyy>[0-9]{4}|[0-9]{2})(?![\w])"),
    ("cve", "C", r"(?<![\w-])CVE-[0-9]{4}-[0-9]{4,}(?![\w-])"),
    ("prref", "PMpmitbIT", r"(?<![\w])(?P<pr_w>PR|MR|(?i:pull\s+request|merge\s+request|issue|ticket|bug|incident))"
     r"(?:\s?#|\s|-)(?P<pr_n>[0-9]+)(?![\w])"),
    ("ticket", "A-Z", r"(?<![\w-])(?P<tk_p>[A-Z][A-Z0-9]{1,9})-(?P<tk_n>[0-9]+)(?![\w-])"),
    ("hashref", "#", r"(?<![\w&#])#(?P<hr_n>[0-9]{2,})(?![\w])"),
    ("vee", "vV", r"(?<![\w.])[vV](?P<vee_n>[0-9]+(?:\.[0-9]+)*)(?![\w]|\.[0-9])"),
    ("vword", "vV", r"(?<![\w])(?i:version)\s+v?(?P<vw_n>[0-9]+(?:\.[0-9]+)*)(?![\w]|\.[0-9])"),
    ("dotted", _DIGIT, r"(?<![\w.])[0-9]+\.[0-9]+\.[0-9]+(?:\.[0-9]+)*(?![\w]|\.[0-9])"),
    ("prod", "".join(sorted({p[0] for p in PRODUCTS})),
     rf"(?<![\w.])(?P<prod_n>{_alt(PRODUCTS)})\s+v?(?P<prod_v>[0-9]+(?:\.[0-9]+)*)"
     rf"(?![\w%]|[.,][0-9]|[ \u00a0-]?(?:{_UNIT_WORDS}|{_SCALEW})(?![\w]))"),
    ("pctile", _DIGIT, rf"(?<![\w.])(?P<pc_n>{_NUM})(?:st|nd|rd|th)?[ -]percentile(?![\w])"),
    ("ratio", _DIGIT + _NUMBER_WORD_START, rf"(?<![\w.])(?P<ra_a>{_NUM}|{_NUMW})\s+(?:in|out\s+of|of\s+every)\s+"
     rf"(?P<ra_b>{_NUM}|{_NUMW})(?![\w])"),
    # A quantity: optional currency, a number in digits or words, an optional multiplier, an optional unit, an
    # optional "per <time>" (with an optional count noun before it: "10k requests per second").
    ("qty", _DIGIT + _NUMBER_WORD_START + "$£€¥UEGJCAI",
     r"(?:(?P<q_sign>[$£€¥])|(?<![\w])(?P<q_code>USD|EUR|GBP|JPY|CAD|AUD|CHF|INR|CNY)\s?|(?<![\w.]))"
     rf"(?:(?P<q_num>{_NUM})|(?P<q_words>{_NUMW}))"
     r"(?:(?P<q_mult>[kKMB](?![A-Za-z])|MM|bn|mn|tn)|\s(?P<q_multw>thousand|million|billion|trillion))?"
     rf"(?:[ \u00a0-]?(?P<q_unit>{_UNIT_WORDS})(?![\w])|(?P<q_tight>{_alt(_UNITS_TIGHT)})(?![\w]))?"
     rf"(?:(?:[ -]?(?P<q_cnt>[A-Za-z]++))?(?:\s*/\s*|\s+(?:per|a|an|each|every)\s+)"
     rf"(?P<q_per>{_PER_WORDS})(?![\w]))?"
     r"(?![\w])"),
    ("jargon", _DIGIT + _LETTER,
     r"(?<![\w.])(?:[A-Za-z]+[0-9]|[A-Z][A-Za-z]*-[0-9]|[0-9]+[A-Za-z])(?:[A-Za-z0-9]|[./-](?=[A-Za-z0-9]))*(?![\w])"),
    ("neg", "nNwWcCuUfF", r"(?<![\w])(?i:no\s+longer|not|never|none|nothing|nobody|nowhere|neither|nor|without"
     r"|cannot|no|unable\s+to|fail(?:s|ed|ing)?\s+to)(?![\w])"),
    ("name", "A-Zimewt", rf"(?<![\w@/\\]){_NAME_TOKEN}(?: {_NAME_TOKEN}(?!\s#?[0-9]))*"),
]  # fmt: skip


def _alternative(kind: str, first: str, pattern: str) -> str:
    """`pattern` as an alternative that starts with a plain character class.

    Speed: the regex engine skips an alternative whose first character cannot match without entering it, but
    only when that alternative opens with a character class. So each one consumes its first character, and a
    look-behind over that character runs the real pattern as a look-ahead from one character back, capturing
    the whole fact in the group named `kind`. The match itself is one character long; `_scan` reads the group.
    """
    return rf"[{first}](?<=(?=(?P<{kind}>{pattern}))[{first}])"


# Runs of ordinary lower-case words are swallowed in one step, so the patterns are tried only where a word
# could open a fact — not at every character.
_ORDINARY_WORDS = (
    rf"[a-z](?<=(?!{_TRIGGERS})[a-z])[a-z]*(?![\w'’])[\s,;:()\"'.!?/-]*"
    rf"(?:(?!{_TRIGGERS})[a-z]+(?![\w'’])[\s,;:()\"'.!?/-]*)*"
)
_NT = _alternative("nt", "n", r"(?<=[A-Za-z])n['’]t(?![\w])")
_ANY_PATTERN = "|".join(_alternative(*p) for p in _PATTERNS)
# Every pattern above needs a non-word character (or nothing) before it, so one shared check rejects the inside
# of a word or number before any pattern is tried; only "n't" sits inside a word.
_FACT_RE = re.compile(rf"{_ORDINARY_WORDS}|{_NT}|(?<![\w])(?:{_ANY_PATTERN})")
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|or)\s*|\s+and\s+")
_BETWEEN = re.compile(r"(?i:between)\s+$")
_ONE_AS_PRONOUN = re.compile(
    r"(?i:\b(?:the|this|that|each|every|any|no|which|another|a|an|same|new|old|right|wrong|last|first|next)\s+)$"
)
_ONE_AS_PRONOUN_AFTER = re.compile(r"(?i:-off|-on-one|\s+another)")
# A fact never spans a line break that starts a new item or sentence, so "40m\n- Two agents" is not a range and
# "Postgres\n16 nodes" not a version; a hard-wrapped sentence keeps its fact ("grew 1.5 GB\nper hour"): a break
# is crossed only when the next line goes on in lower case. `_scan` matches on a copy of the text in which every
# other break is this sentinel (one character for one, so offsets hold), which no pattern matches or spans.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_GOES_ON = rf"[^\S{_LINE_BREAKS}]*[a-z]"  # the next line continues the sentence
_HARD_BREAK = re.compile(rf"\r(?!\n?{_GOES_ON})|[{_LINE_BREAKS.replace(chr(13), '')}](?!{_GOES_ON})")
_SENTINEL = "\x00"
_WORD_SPLIT = re.compile(r"[\s-]+")
_SPACES = re.compile(r"\s+")

# --- parsing ------------------------------------------------------------------------------------------------


def _fmt(value: Decimal) -> str:
    """A canonical decimal string: '0.8', '460000000', never an exponent."""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def _words_value(words: str) -> Decimal:
    total = current = 0
    for w in _WORD_SPLIT.split(words.lower()):
        if w in _SMALL:
            current += _SMALL[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "twice":
            current = 2
        elif w in _SCALE:
            total += (current or 1) * _SCALE[w]
            current = 0
    return Decimal(total + current)


def _value(number: str) -> Decimal:
    """The value of a number written in digits ("1,000", "2.5") or words ("two hundred", "a dozen")."""
    return Decimal(number.replace(",", "")) if number[0].isdigit() else _words_value(number)


def _ratio(a: str, b: str) -> str | None:
    """The key of "N in M" / "N out of M": a percent when exact ("99 in 100" is 99%), else the fraction."""
    top, bottom = _value(a), _value(b)
    if bottom == 0 or top > bottom or (b.isdigit() and 1900 <= int(b) <= 2100):
        return None
    percent = top * 100 / bottom
    if percent == percent.quantize(Decimal("0.001")):
        return f"percent:{_fmt(percent)}"
    return f"ratio:{_fmt(top)}/{_fmt(bottom)}"


def _percentile_class(key: str) -> str | None:
    """p99, "99th percentile", "99%" and "99 in 100" are one idea; a rewrite may explain one with another."""
    if key.startswith("name:p") and key[6:].isdigit():
        digits = key[6:]
        nines = len(digits) > 2 and set(digits) == {"9"}
        return f"pct:{digits[:2]}.{digits[2:]}" if nines else f"pct:{int(digits)}"
    if key.startswith(("percentile:", "percent:")):
        return "pct:" + key.partition(":")[2]
    return None


@dataclass(slots=True)
class _Qty:
    """A quantity before its key is fixed: ranges may still lend it a unit, a multiplier or a currency."""

    start: int
    end: int
    value: Decimal
    mult: int | None
    family: str | None
    factor: Decimal
    currency: str | None
    per: str | None
    counted: bool  # a count noun sits between the number and "per <time>": a rate

    @property
    def bare(self) -> bool:
        return self.mult is None and self.family is None and self.currency is None and self.per is None


_QTY_GROUPS = ("q_sign", "q_code", "q_num", "q_words", "q_mult", "q_multw", "q_unit", "q_tight", "q_per", "q_cnt")


def _quantity(m: re.Match[str]) -> _Qty | None:
    sign, code, num, words, mult_text, mult_word, unit, tight, per_text, counted = m.group(*_QTY_GROUPS)
    currency = _CURRENCY_SIGNS[sign] if sign else code
    value = _value(num or words)
    mult_text = mult_text or mult_word
    mult = _MULT[mult_text] if mult_text else None
    family: str | None = None
    factor = _ONE
    if unit:
        family, factor = _CS_UNITS.get(unit) or _CI_UNITS[unit.lower()]
    elif tight:
        if tight == "m" and currency:  # "$5m" is five million dollars, "5m" five minutes
            mult = 10**6
        else:
            family, factor = _TIGHT_UNITS[tight]
    if words and words.lower() == "twice":
        family = family or "x"
    if family in _CURRENCIES:
        currency, family, factor = currency or family, None, _ONE
    start, end = m.span("qty")
    if (
        words
        and not (mult or family or currency or per_text)
        and words.lower() == "one"
        and (_ONE_AS_PRONOUN.search(m.string[max(0, start - 12) : start]) or _ONE_AS_PRONOUN_AFTER.match(m.string, end))
    ):
        return None  # "the old one", "one another": a pronoun, not a count
    per = _PER[per_text.lower()] if per_text else None
    return _Qty(start, end, value, mult, family, factor, currency, per, counted is not None)


def _qty_fact(q: _Qty, kind_override: FactKind | None) -> tuple[FactKind, str]:
    v = _fmt(q.value * (q.mult or 1) * q.factor)
    kind: FactKind
    if q.currency:
        kind, key = "money", f"money:{q.currency}:{v}"
    elif q.family in {_S, _MO}:
        kind, key = "duration", f"duration:{v}{q.family}"
    elif q.family == "%":
        kind, key = "percent", f"percent:{v}"
    elif q.family == "pp":
        kind, key = "percent", f"percentage-points:{v}"
    elif q.family in {"B", "bit"}:
        kind, key = "number", f"size:{v}{q.family}"
    elif q.family == "/s":
        kind, key = "number", f"rate:{v}/s"
    elif q.family in {"bit/s", "B/s"}:
        kind, key = "number", f"rate:{v}{q.family}"
    elif q.family == "x":
        kind, key = "number", f"times:{v}"
    elif q.family == "ord":
        kind, key = "number", f"ordinal:{v}"
    elif q.per:
        kind, key = "number", f"rate:{v}"
    else:
        kind, key = "number", f"number:{v}"
    if q.per:
        key = f"{key}/{q.per}"
    return kind_override or kind, key


def _link_ranges(text: str, qtys: list[_Qty]) -> set[int]:
    """Find ranges among consecutive quantities; lend units across each; return the indexes that are ends."""
    ends: set[int] = set()
    for i in range(len(qtys) - 1):
        a, b = qtys[i], qtys[i + 1]
        gap = _RANGE_GAP.fullmatch(text, a.end, b.start)
        if gap is None or (gap.group().strip() == "and" and not _BETWEEN.search(text, max(0, a.start - 10), a.start)):
            continue
        same_currency = a.currency is None or b.currency is None or a.currency == b.currency
        if not (a.bare or b.bare or (a.family == b.family and same_currency)):
            continue  # "$40,000 or 5 euros": two amounts, not a range
        ends.update((i, i + 1))
        # "3-6 months", "$3-5M", "from 800ms to 2": an end written without a unit borrows the other's.
        if a.bare:
            a.mult, a.family, a.factor, a.per, a.currency = b.mult, b.family, b.factor, b.per, b.currency
        elif b.bare:
            b.mult, b.family, b.factor, b.per, b.currency = a.mult, a.family, a.factor, a.per, a.currency
        elif a.currency and not b.currency and b.family is None:
            b.currency = a.currency
            a.mult = a.mult if a.mult is not None else b.mult
    return ends


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _date_key(year: str | None, month: int, day: str | None) -> str:
    parts = [year] if year else []
    parts.append(f"{month:02d}")
    if day:
        parts.append(f"{int(day.rstrip('stndrh')):02d}")
    return "date:" + "-".join(parts)


def _year(y: str) -> str:
    y = y.lstrip("'")
    return y if len(y) == 4 else f"20{y}"


def _clock_key(hh: int, mm: str, ss: str | None, ampm: str | None, tz: str | None) -> str:
    if ampm:
        pm = ampm[0].lower() == "p"
        hh = hh % 12 + (12 if pm else 0)
    key = f"time:{hh:02d}:{mm}" + (f":{ss}" if ss else "")
    return key + (f" {tz.upper()}" if tz else "")


# --- extraction ---------------------------------------------------------------------------------------------

_Raw = tuple[int, int, FactKind, str]  # start, end, kind, key


@dataclass(slots=True)
class _Scan:
    """One pass over a text: the facts, the names written mid-sentence, and sentence-initial name candidates."""

    facts: list[_Raw]
    vocabulary: set[str]
    candidates: list[tuple[int, list[str]]]  # run start, its tokens; the first token opens a sentence


def _bare(token: str) -> str:
    """The token without a possessive: "Google's" -> "Google"."""
    return token[:-2] if token.endswith(("'s", "’s")) else token


def _name_key(tokens: list[str]) -> str:
    return "name:" + " ".join(_bare(t).casefold() for t in tokens)


def _is_caps(token: str) -> bool:
    bare = _bare(token)
    return bare.isupper() or (bare.endswith("s") and bare[:-1].isupper())  # "APIs" is still an acronym


_BREAKS = frozenset(".!?:;\n")
_IN_SENTENCE = frozenset(",&")  # symbols that only stand between words of one sentence
# A ticket ID, a list number or a ticked box ("WEB-204", "1)", "#12", "[x]") may open a line before its first word.
_LEAD_TOKEN = re.compile(r"(?<![\w-])(?:[A-Z][A-Z0-9]{1,9}-[0-9]+|[0-9]{1,3}|\[[xX])$")


def _opens_sentence(text: str, start: int) -> bool:
    """Whether only markers stand between a sentence break (or the start) and `start`: spaces, quotes, bullets,
    emoji, check boxes, ticket IDs and list numbers ("- ", "🚀 ", "[x] ", "WEB-204 ", "1) ")."""
    i = start - 1
    while i >= 0:
        c = text[i]
        if c in _BREAKS:
            return True
        if c.isdigit() or c in "xX":
            lead = _LEAD_TOKEN.search(text, max(0, i - 24), i + 1)
            if lead is None:
                return False
            i = lead.start() - 1
        elif c.isalnum() or c in _IN_SENTENCE:
            return False
        else:
            i -= 1
    return True


def _emit_name(start: int, tokens: list[str], out: list[_Raw]) -> None:
    """A run of capitalised tokens as one name; a run of acronyms only as the vendor or place names in it."""
    if not all(_is_caps(t) for t in tokens):
        out.append((start, start + len(" ".join(tokens)), "name", _name_key(tokens)))
        return
    for t in tokens:
        if _bare(t) in _CAPS_NAMES:
            out.append((start, start + len(t), "name", _name_key([t])))
        start += len(t) + 1


def _name_run(text: str, start: int, run: str, scan: _Scan) -> None:
    tokens = run.split(" ")
    opens_sentence = _opens_sentence(text, start)
    while tokens and _bare(tokens[0]).casefold() in _STOP:
        start += len(tokens.pop(0)) + 1
        opens_sentence = False
    if not tokens:
        return
    if opens_sentence and not _is_caps(tokens[0]):
        scan.candidates.append((start, tokens))
        return
    if not all(_is_caps(t) for t in tokens):
        scan.vocabulary.update(_bare(t).casefold() for t in tokens)
    _emit_name(start, tokens, scan.facts)


def _scan(text: str) -> _Scan:
    scan = _Scan([], set(), [])
    facts = scan.facts
    qtys: list[_Qty] = []
    covered = 0
    # What the patterns see; `text` is what they read around a fact. (`in` is a fast scan: most texts are one line.)
    lines = _HARD_BREAK.sub(_SENTINEL, text) if any(b in text for b in _LINE_BREAKS) else text
    for m in _FACT_RE.finditer(lines):
        group = m.lastgroup
        if group is None:  # a run of ordinary words
            continue
        s, e = m.span(group)
        if s < covered:  # inside a fact already taken (each match is one character long, see _alternative)
            continue
        covered = e
        if group == "qty":
            q = _quantity(m)
            if q is not None:
                qtys.append(q)
        elif group == "pctile":
            facts.append((s, e, "percent", f"percentile:{_fmt(Decimal(m['pc_n'].replace(',', '')))}"))
        elif group == "ratio":
            ratio = _ratio(m["ra_a"], m["ra_b"])
            if ratio is None:  # "5 in 2024": a count and a year
                for q in (
                    _Qty(*m.span("ra_a"), _value(m["ra_a"]), None, None, Decimal(1), None, None, False),
                    _Qty(*m.span("ra_b"), _value(m["ra_b"]), None, None, Decimal(1), None, None, False),
                ):
                    qtys.append(q)
            else:
                facts.append((s, e, "percent", ratio))
        elif group in {"neg", "nt"}:
            facts.append((s, e, "negation", "negation"))
        elif group == "name":
            _name_run(text, s, m.group(group), scan)
        elif group == "jargon":
            facts.append((s, e, "name", f"name:{m.group(group).casefold()}"))
        elif group == "iso":
            facts.append((s, e, "date", f"date:{m['iso_y']}-{m['iso_m']}-{m['iso_d']}"))
        elif group == "sdate":
            facts.append((s, e, "date", f"date:{m.group(group)}"))
        elif group == "clock":
            key = _clock_key(int(m["hh"]), m["mm"], m["ss"], m["ap1"], m["tz1"])
            facts.append((s, e, "time", key))
        elif group == "hour":
            facts.append((s, e, "time", _clock_key(int(m["h12"]), "00", None, m["ap2"], m["tz2"])))
        elif group == "mdate":
            facts.append((s, e, "date", _date_key(m["md_y"], _month_number(m["md_m"]), m["md_d"])))
        elif group == "dmdate":
            facts.append((s, e, "date", _date_key(m["dm_y"], _month_number(m["dm_m"]), m["dm_d"])))
        elif group == "mydate":
            facts.append((s, e, "date", _date_key(m["my_y"], _month_number(m["my_m"]), None)))
        elif group == "month":
            facts.append((s, e, "date", _date_key(None, _month_number(m.group(group)), None)))
        elif group == "wday":
            rel = f"{m['wd_rel'].lower()}-" if m["wd_rel"] else ""
            facts.append((s, e, "date", f"date:{rel}{m['wd'].lower()}"))
        elif group == "reldate":
            facts.append((s, e, "date", "date:" + _SPACES.sub("-", m.group(group).lower())))
        elif group == "quarter":
            year = f"-{_year(m['qy'])}" if m["qy"] else ""
            facts.append((s, e, "duration", f"period:{m['q']}{year}"))
        elif group == "fy":
            facts.append((s, e, "duration", f"period:FY{_year(m['fyy'])}"))
        elif group == "cve":
            facts.append((s, e, "ticket", f"ticket:{m.group(group)}"))
        elif group == "ticket":
            if m["tk_p"] in _NOT_TICKETS or len(m["tk_n"]) < 2:
                facts.append((s, e, "name", f"name:{m.group(group).casefold()}"))
            else:
                facts.append((s, e, "ticket", f"ticket:{m.group(group)}"))
        elif group == "hashref":
            facts.append((s, e, "ticket", f"ticket:#{m['hr_n']}"))
        elif group == "prref":
            word = m["pr_w"].lower()
            ref = "PR-" if word in {"pr", "pull request"} else "MR-" if word in {"mr", "merge request"} else "#"
            facts.append((s, e, "ticket", f"ticket:{ref}{m['pr_n']}"))
        elif group == "vee":
            facts.append((s, e, "version", f"version:{m['vee_n']}"))
        elif group == "vword":
            facts.append((s, e, "version", f"version:{m['vw_n']}"))
        elif group == "dotted":
            facts.append((s, e, "version", f"version:{m.group(group)}"))
        elif group == "prod":
            ns, ne = m.span("prod_n")
            facts.append((ns, ne, "name", f"name:{m['prod_n'].casefold()}"))
            scan.vocabulary.add(m["prod_n"].casefold())
            vs, ve = m.span("prod_v")
            facts.append((vs, ve, "version", f"version:{m['prod_v']}"))
    ends = _link_ranges(lines, qtys)
    for i, q in enumerate(qtys):
        kind, key = _qty_fact(q, "range" if i in ends else None)
        facts.append((q.start, q.end, kind, key))
    return scan


def _resolve(scan: _Scan, vocabulary: set[str], text: str) -> list[Fact]:
    """Turn a scan into facts, deciding each sentence-opening capitalised word with `vocabulary`."""
    raw = list(scan.facts)
    for start, tokens in scan.candidates:
        head = _bare(tokens[0]).casefold()
        if head not in vocabulary and head not in _KNOWN_NAMES:
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
        if tokens:
            _emit_name(start, tokens, raw)
    raw.sort()
    return [Fact(kind=k, text=text[s:e], key=key, start=s, end=e) for s, e, k, key in raw]


def extract_facts(text: str) -> list[Fact]:
    """Every fact in `text`, in order of position. Deterministic; the same text always gives the same facts."""
    scan = _scan(text)
    return _resolve(scan, scan.vocabulary, text)


def _unmatched(mine: list[Fact], theirs: list[Fact]) -> list[Fact]:
    """Facts of `mine` left over after pairing each with one of `theirs` of the same key (same text first)."""
    by_key: dict[str, list[Fact]] = defaultdict(list)
    for f in theirs:
        by_key[f.key].append(f)
    left: list[Fact] = []
    pending: list[Fact] = []
    for f in mine:
        pool = by_key[f.key]
        same = next((i for i, g in enumerate(pool) if g.text.casefold() == f.text.casefold()), None)
        if same is not None:
            pool.pop(same)
        else:
            pending.append(f)
    for f in pending:  # pair what is left by key alone: "did not" against "didn't"
        if by_key[f.key]:
            by_key[f.key].pop(0)
        else:
            left.append(f)
    return left


def _is_jargon_percentile(key: str) -> bool:
    return key.startswith("name:p")


def _unexplained(left: list[Fact], other: list[Fact], *, numbers_may_go: bool) -> list[str]:
    """Leftover facts, less those that restate a percentile of the other text ("p99" and "99 in 100").

    Jargon (p99) may always be traded for the number it stands for, either way. A number may only be excused
    when it is *added* next to the jargon it explains; a number the original states must be kept as such.
    """
    jargon: set[str] = set()
    numbers: set[str] = set()
    for f in other:
        c = _percentile_class(f.key)
        if c is not None:
            (jargon if _is_jargon_percentile(f.key) else numbers).add(c)
    out = []
    for f in left:
        c = _percentile_class(f.key)
        if c is not None and (c in numbers if _is_jargon_percentile(f.key) else numbers_may_go and c in jargon):
            continue
        out.append(f.text)
    return out


_NONE_CUES = frozenset({"no", "none", "without"})


def _zero_is_none(left_a: list[Fact], left_b: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """The leftovers less each pair of a zero in one text and a "no"/"none"/"without" in the other."""
    a, b = list(left_a), list(left_b)
    for mine, theirs in ((a, b), (b, a)):
        for zero in [f for f in mine if f.kind == "number" and f.key == "number:0"]:
            cue = next((g for g in theirs if g.kind == "negation" and g.text.casefold() in _NONE_CUES), None)
            if cue is not None:
                mine.remove(zero)
                theirs.remove(cue)
    return a, b


def compare(original: str, rewrite: str) -> FactCheck:
    """Which facts of `original` the rewrite lost, and which it added. A changed fact appears in both lists.

    A capitalised word that opens a sentence counts as a name in both texts when either text writes it
    capitalised mid-sentence, so moving "Postgres" to the front of a sentence is not reported.
    """
    a, b = _scan(original), _scan(rewrite)
    vocabulary = a.vocabulary | b.vocabulary
    facts_a, facts_b = _resolve(a, vocabulary, original), _resolve(b, vocabulary, rewrite)
    left_a, left_b = _zero_is_none(_unmatched(facts_a, facts_b), _unmatched(facts_b, facts_a))
    missing = _unexplained(left_a, facts_b, numbers_may_go=False)
    added = _unexplained(left_b, facts_a, numbers_may_go=True)
    return FactCheck(ok=not missing and not added, missing=missing, added=added)
