"""The regular expressions that find facts, built from the vocabulary.

One compiled pattern, `FACT_RE`, finds every kind of fact in one pass; each kind is a named group that
`_extract` turns into a fact. Linear time matters here: texts are up to 20,000 characters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from coach.analysis.facts._vocabulary import (
    _PER,
    _SMALL,
    _STOP,
    _UNITS_CI,
    _UNITS_CS,
    _UNITS_TIGHT,
    PRODUCTS,
)


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
# could open a fact — not at every character. No pattern matches at a word of such a run, so where a run
# stops does not change what is found. Linear time: a run starts only at the start of a word, and gives back
# no letters (a shorter word would be followed by a letter), so a long word is read once, not once per letter.
_ORDINARY_WORDS = (
    rf"(?<![a-z])[a-z](?<=(?!{_TRIGGERS})[a-z])[a-z]*+(?![\w'’])[\s,;:()\"'.!?/-]*+"
    rf"(?:(?!{_TRIGGERS})[a-z]++(?![\w'’])[\s,;:()\"'.!?/-]*+)*"
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
