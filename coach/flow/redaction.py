"""Redaction before a model call (COACH_REDACT=on): emails, phone numbers and the team's names leave this
machine as placeholders, and come back in the answer.

    "Ping alice@acme.com or +44 20 7946 0958 — Alice Smith owns it"
        → sent:     "Ping [EMAIL_1] or [PHONE_1] — [NAME_1] owns it"
        ← answer:   "[NAME_1] owns it; reach her at [EMAIL_1]"
        → restored: "Alice Smith owns it; reach her at alice@acme.com"

One `Redactor` serves one user request (`RunContext`): the same value gets the same placeholder in every call
of the request, numbered in the order first seen, so an identical request sends identical messages (the answer
cache still works) and no value is ever sent to the model. Placeholders are restored in every string of the
structured answer before the post-checks run, so the fact check compares the user's text with what the user
will read. The offline engine never calls a model and needs none of this.

What is recognised (written down so a user knows what still leaves the machine):
- emails: `local@domain.tld`;
- phone numbers: international (`+44 20 7946 0958`, `+1-555-123-4567`), North American (`(555) 123-4567`,
  `555-123-4567`, `555.123.4567`) and national numbers with a leading 0 in groups (`020 7946 0958`,
  `06 12 34 56 78`); dates, versions, amounts, IP addresses and ticket IDs do not have these shapes;
- names: each name in COACH_REDACT_NAMES (a comma-separated list, e.g. "Alice Smith, Bob") and each word of a
  listed full name on its own ("Alice", "Smith"), as whole words with the capitalisation given, also before a
  possessive ("Alice's"). Names that are not listed are sent as written.

Every pattern has bounded repetition and names are looked up word by word, so hiding is linear in the text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Literal, TypeVar

from pydantic import BaseModel

Kind = Literal["EMAIL", "PHONE", "NAME"]
T = TypeVar("T")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w-])"
)
# A phone number is a run of digit groups in one of a few well-known shapes; the look-arounds keep a number
# that is part of something longer (a version, an amount, an ID) out.
_PHONE = re.compile(
    r"(?<![\w+.,/-])(?:"
    # +44 20 7946 0958, +1 (555) 123-4567, +4915112345678: a separator between groups keeps the split unique
    r"\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]\d{1,5}){1,5}|\+\d{7,15}"
    r"|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}"  # (555) 123-4567
    r"|\d{3}([.-])\d{3}\1\d{4}|\d{3} \d{3} \d{4}"  # 555-123-4567, 555.123.4567, 555 123 4567
    r"|0\d{1,4}[ /-]\d{3,4}[ -]?\d{3,4}"  # 020 7946 0958, 030/1234 5678
    r"|0\d(?:[ .]\d{2}){4}"  # 06 12 34 56 78
    r")(?![\w-]|[.,]\d)"
)
_PHONE_DIGITS = (7, 15)
"""How many digits a phone number has (E.164 allows at most 15)."""
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_POSSESSIVE = ("'s", "’s")
# What coach sends, and what it accepts back: the model may change the case or the separator
# ("[Name 1]"), or drop the brackets of an upper-case placeholder ("NAME_1").
_PLACEHOLDER = re.compile(r"\[\s*(?i:(EMAIL|PHONE|NAME))[ _-]?(\d{1,4})\s*\]|\b(EMAIL|PHONE|NAME)_(\d{1,4})\b")


class Redactor:
    """Hides emails, phone numbers and `names` behind placeholders, and puts them back (thread-safe: the calls
    of one request run concurrently)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names: dict[tuple[str, ...], None] = {}
        for name in names:
            words = tuple(_WORD.findall(name))
            if words:
                self._names[words] = None
                # "Alice Smith" listed: "Alice" and "Smith" on their own are the same person's name.
                self._names.update(dict.fromkeys((w,) for w in words if len(w) > 1 and w[0].isupper()))
        self._longest = max((len(w) for w in self._names), default=0)
        self._by_value: dict[str, str] = {}
        self._by_placeholder: dict[tuple[str, int], str] = {}
        self._counts: dict[str, int] = {"EMAIL": 0, "PHONE": 0, "NAME": 0}
        self._taken: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    # --- hiding -------------------------------------------------------------------------------------------

    def hide(self, text: str) -> str:
        """`text` with every email, phone number and listed name replaced by its placeholder."""
        with self._lock:
            # A placeholder-shaped string the user wrote is left alone, and its number never reused: restoring
            # must not turn the user's literal "[NAME_1]" into someone's name.
            self._taken.update(_key(m) for m in _PLACEHOLDER.finditer(text))
            spans = self._spans(text)
            out: list[str] = []
            pos = 0
            for start, end, kind in spans:
                out += [text[pos:start], self._placeholder(text[start:end], kind)]
                pos = end
            out.append(text[pos:])
            return "".join(out)

    def hide_variables(self, variables: Mapping[str, str]) -> dict[str, str]:
        return {name: self.hide(value) for name, value in variables.items()}

    def hide_history(self, history: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(role, self.hide(text)) for role, text in history]

    def _spans(self, text: str) -> list[tuple[int, int, Kind]]:
        """Non-overlapping (start, end, kind) in order; an email wins over a name or number inside it."""
        found: list[tuple[int, int, Kind]] = [(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]
        found += [
            (m.start(), m.end(), "PHONE")
            for m in _PHONE.finditer(text)
            if _PHONE_DIGITS[0] <= sum(ch.isdigit() for ch in m.group()) <= _PHONE_DIGITS[1]
        ]
        found += self._name_spans(text)
        found.sort(key=lambda s: (s[0], -s[1]))
        spans: list[tuple[int, int, Kind]] = []
        for span in found:
            if not spans or span[0] >= spans[-1][1]:
                spans.append(span)
        return spans

    def _name_spans(self, text: str) -> list[tuple[int, int, Kind]]:
        if not self._names:
            return []
        words = list(_WORD.finditer(text))
        spans: list[tuple[int, int, Kind]] = []
        i = 0
        while i < len(words):
            span = self._name_at(text, words, i)
            if span is None:
                i += 1
                continue
            end, count = span
            spans.append((words[i].start(), end, "NAME"))
            i += count
        return spans

    def _name_at(self, text: str, words: list[re.Match[str]], i: int) -> tuple[int, int] | None:
        """(end, words used) of the longest listed name starting at word `i`, or None."""
        for count in range(min(self._longest, len(words) - i), 0, -1):
            window = words[i : i + count]
            if any(not text[a.end() : b.start()].isspace() for a, b in pairwise(window)):
                continue  # "Alice, Smith" is two people, not the name "Alice Smith"
            tokens = tuple(w.group() for w in window)
            if tokens in self._names:
                return window[-1].end(), count
            last = tokens[-1]
            for suffix in _POSSESSIVE:  # "Alice's" → the name "Alice", and "'s" stays as written
                if last.endswith(suffix) and (*tokens[:-1], last.removesuffix(suffix)) in self._names:
                    return window[-1].end() - len(suffix), count
        return None

    def _placeholder(self, value: str, kind: Kind) -> str:
        known = self._by_value.get(value)
        if known is not None:
            return known
        number = self._counts[kind] + 1
        while (kind, number) in self._taken:
            number += 1
        self._counts[kind] = number
        self._taken.add((kind, number))
        placeholder = f"[{kind}_{number}]"
        self._by_value[value] = placeholder
        self._by_placeholder[(kind, number)] = value
        return placeholder

    # --- restoring ----------------------------------------------------------------------------------------

    def restore(self, text: str) -> str:
        """`text` with every placeholder this redactor handed out replaced by the value it stands for; anything
        else (a placeholder the model made up, the user's own "[NAME_1]") is left as written."""
        with self._lock:
            mapping = dict(self._by_placeholder)
        if not mapping:
            return text
        return _PLACEHOLDER.sub(lambda m: mapping.get(_key(m), m.group()), text)

    def restore_answer(self, answer: T) -> T:
        """Every string inside a structured answer (a pydantic model, lists, dicts) restored."""
        return self._restored(answer)

    def _restored(self, value: T) -> T:
        if isinstance(value, str):
            return self.restore(value)  # type: ignore[return-value]  # str in, str out
        if isinstance(value, BaseModel):
            changes = {}
            for name in type(value).model_fields:
                item = getattr(value, name)
                new = self._restored(item)
                if new is not item:
                    changes[name] = new
            return value.model_copy(update=changes) if changes else value
        if isinstance(value, list | tuple):
            items = [self._restored(v) for v in value]
            if all(a is b for a, b in zip(items, value, strict=True)):
                return value
            return type(value)(items)  # the same container type back
        if isinstance(value, dict):
            return {k: self._restored(v) for k, v in value.items()}  # type: ignore[return-value]
        return value


def _key(match: re.Match[str]) -> tuple[str, int]:
    kind = match.group(1) or match.group(3)
    number = match.group(2) or match.group(4)
    return kind.upper(), int(number)
