"""One pass over a text: every fact, in order of position.

`FACT_RE` names the kind of each fact it finds (its group); a table maps each kind to the function that turns
the match into facts, so a new kind is one pattern and one table entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from coach.analysis.facts._model import Fact, FactKind
from coach.analysis.facts._parse import (
    _clock_key,
    _date_key,
    _fmt,
    _link_ranges,
    _month_number,
    _Qty,
    _qty_fact,
    _quantity,
    _ratio,
    _value,
    _year,
)
from coach.analysis.facts._patterns import _FACT_RE, _HARD_BREAK, _LINE_BREAKS, _SENTINEL, _SPACES
from coach.analysis.facts._vocabulary import _CAPS_NAMES, _KNOWN_NAMES, _NOT_TICKETS, _STOP

_Raw = tuple[int, int, FactKind, str]  # start, end, kind, key


@dataclass(slots=True)
class _Scan:
    """One pass over a text: the facts, the names written mid-sentence, and sentence-initial name candidates."""

    text: str  # as written: what the name rules read around a fact
    facts: list[_Raw] = field(default_factory=list)
    vocabulary: set[str] = field(default_factory=set)
    candidates: list[tuple[int, list[str]]] = field(default_factory=list)  # run start, its tokens (first opens)
    qtys: list[_Qty] = field(default_factory=list)  # quantities wait for their neighbours: a range lends units


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
    first = 0
    while first < len(tokens) and _bare(tokens[first]).casefold() in _STOP:
        start += len(tokens[first]) + 1
        first += 1
        opens_sentence = False
    tokens = tokens[first:]
    if not tokens:
        return
    if opens_sentence and not _is_caps(tokens[0]):
        scan.candidates.append((start, tokens))
        return
    if not all(_is_caps(t) for t in tokens):
        scan.vocabulary.update(_bare(t).casefold() for t in tokens)
    _emit_name(start, tokens, scan.facts)


# --- from a match to facts: one function per kind (the group names of `_patterns._PATTERNS`) -------------------

_Handler = Callable[[re.Match[str], _Scan], None]


def _fact(key: Callable[[re.Match[str]], tuple[FactKind, str]]) -> _Handler:
    """A handler for a kind that gives one fact spanning the whole match: `key` says its kind and key."""

    def handle(m: re.Match[str], scan: _Scan) -> None:
        kind, fact_key = key(m)
        scan.facts.append((*m.span(m.lastgroup or 0), kind, fact_key))

    return handle


def _on_quantity(m: re.Match[str], scan: _Scan) -> None:
    q = _quantity(m)
    if q is not None:
        scan.qtys.append(q)


def _on_ratio(m: re.Match[str], scan: _Scan) -> None:
    ratio = _ratio(m["ra_a"], m["ra_b"])
    if ratio is not None:
        scan.facts.append((*m.span("ratio"), "percent", ratio))
        return
    for part in ("ra_a", "ra_b"):  # "5 in 2024": a count and a year
        scan.qtys.append(_Qty(*m.span(part), _value(m[part]), None, None, Decimal(1), None, None, False))


def _on_name(m: re.Match[str], scan: _Scan) -> None:
    _name_run(scan.text, m.start("name"), m["name"], scan)


def _on_product(m: re.Match[str], scan: _Scan) -> None:
    name = m["prod_n"].casefold()
    scan.facts.append((*m.span("prod_n"), "name", f"name:{name}"))
    scan.vocabulary.add(name)
    scan.facts.append((*m.span("prod_v"), "version", f"version:{m['prod_v']}"))


def _ticket(m: re.Match[str]) -> tuple[FactKind, str]:
    if m["tk_p"] in _NOT_TICKETS or len(m["tk_n"]) < 2:
        return "name", f"name:{m['ticket'].casefold()}"  # "SHA-256", "ISO-8601", "GPT-4": standards, models
    return "ticket", f"ticket:{m['ticket']}"


def _pr_ref(m: re.Match[str]) -> tuple[FactKind, str]:
    word = m["pr_w"].lower()
    ref = "PR-" if word in {"pr", "pull request"} else "MR-" if word in {"mr", "merge request"} else "#"
    return "ticket", f"ticket:{ref}{m['pr_n']}"


def _weekday(m: re.Match[str]) -> tuple[FactKind, str]:
    rel = f"{m['wd_rel'].lower()}-" if m["wd_rel"] else ""
    return "date", f"date:{rel}{m['wd'].lower()}"


def _quarter(m: re.Match[str]) -> tuple[FactKind, str]:
    year = f"-{_year(m['qy'])}" if m["qy"] else ""
    return "duration", f"period:{m['q']}{year}"


_HANDLERS: dict[str, _Handler] = {
    "iso": _fact(lambda m: ("date", f"date:{m['iso_y']}-{m['iso_m']}-{m['iso_d']}")),
    "sdate": _fact(lambda m: ("date", f"date:{m['sdate']}")),
    "clock": _fact(lambda m: ("time", _clock_key(int(m["hh"]), m["mm"], m["ss"], m["ap1"], m["tz1"]))),
    "hour": _fact(lambda m: ("time", _clock_key(int(m["h12"]), "00", None, m["ap2"], m["tz2"]))),
    "mdate": _fact(lambda m: ("date", _date_key(m["md_y"], _month_number(m["md_m"]), m["md_d"]))),
    "dmdate": _fact(lambda m: ("date", _date_key(m["dm_y"], _month_number(m["dm_m"]), m["dm_d"]))),
    "mydate": _fact(lambda m: ("date", _date_key(m["my_y"], _month_number(m["my_m"]), None))),
    "month": _fact(lambda m: ("date", _date_key(None, _month_number(m["month"]), None))),
    "wday": _fact(_weekday),
    "reldate": _fact(lambda m: ("date", "date:" + _SPACES.sub("-", m["reldate"].lower()))),
    "quarter": _fact(_quarter),
    "fy": _fact(lambda m: ("duration", f"period:FY{_year(m['fyy'])}")),
    "cve": _fact(lambda m: ("ticket", f"ticket:{m['cve']}")),
    "prref": _fact(_pr_ref),
    "ticket": _fact(_ticket),
    "hashref": _fact(lambda m: ("ticket", f"ticket:#{m['hr_n']}")),
    "vee": _fact(lambda m: ("version", f"version:{m['vee_n']}")),
    "vword": _fact(lambda m: ("version", f"version:{m['vw_n']}")),
    "dotted": _fact(lambda m: ("version", f"version:{m['dotted']}")),
    "prod": _on_product,
    "pctile": _fact(lambda m: ("percent", f"percentile:{_fmt(Decimal(m['pc_n'].replace(',', '')))}")),
    "ratio": _on_ratio,
    "qty": _on_quantity,
    "jargon": _fact(lambda m: ("name", f"name:{m['jargon'].casefold()}")),
    "neg": _fact(lambda m: ("negation", "negation")),
    "nt": _fact(lambda m: ("negation", "negation")),
    "name": _on_name,
}


def _scan(text: str) -> _Scan:
    scan = _Scan(text)
    # What the patterns see; `text` is what they read around a fact. (`in` is a fast scan: most texts are one line.)
    lines = _HARD_BREAK.sub(_SENTINEL, text) if any(b in text for b in _LINE_BREAKS) else text
    pos = 0
    while (m := _FACT_RE.search(lines, pos)) is not None:
        kind = m.lastgroup
        if kind is None:  # a run of ordinary words
            pos = m.end()
            continue
        _HANDLERS[kind](m, scan)
        # Go on after the fact, not one character after its start (each match is one character long, see
        # `_patterns._alternative`): nothing inside a fact is another, and matching again at every character of
        # a long run of names or numbers would cost time in the square of its length.
        pos = m.end(kind)
    ends = _link_ranges(lines, scan.qtys)
    for i, q in enumerate(scan.qtys):
        kind_, key = _qty_fact(q, "range" if i in ends else None)
        scan.facts.append((q.start, q.end, kind_, key))
    return scan


def _resolve(scan: _Scan, vocabulary: set[str]) -> list[_Raw]:
    """A scan's facts in order of position, deciding each sentence-opening capitalised word with `vocabulary`."""
    raw = list(scan.facts)
    for start, tokens in scan.candidates:
        head = _bare(tokens[0]).casefold()
        if head not in vocabulary and head not in _KNOWN_NAMES:
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
        if tokens:
            _emit_name(start, tokens, raw)
    raw.sort()
    return raw


def extract_facts(text: str) -> list[Fact]:
    """Every fact in `text`, in order of position. Deterministic; the same text always gives the same facts."""
    scan = _scan(text)
    return [Fact(kind=k, text=text[s:e], key=key, start=s, end=e) for s, e, k, key in _resolve(scan, scan.vocabulary)]
