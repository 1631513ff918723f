"""From a matched fact to its key: values of numbers and words, quantities and their units, ranges, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from coach.analysis.facts._model import FactKind
from coach.analysis.facts._patterns import _BETWEEN, _ONE_AS_PRONOUN, _ONE_AS_PRONOUN_AFTER, _RANGE_GAP, _WORD_SPLIT
from coach.analysis.facts._vocabulary import (
    _CI_UNITS,
    _CS_UNITS,
    _CURRENCIES,
    _CURRENCY_SIGNS,
    _MO,
    _MONTHS,
    _MULT,
    _ONE,
    _PER,
    _S,
    _SCALE,
    _SMALL,
    _TIGHT_UNITS,
)


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
