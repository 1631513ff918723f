"""What the store hands out (pydantic models) and the pure rules for what it accepts (weeks, entry text)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Literal, get_args

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from coach.errors import InputError
from coach.validate import fix_surrogates

EntryKind = Literal["progress", "problem", "plan", "note"]
"""How the weekly drafter files an entry: under Progress, Problems, Plan, or (note) wherever it fits."""

ENTRY_KINDS: tuple[EntryKind, ...] = get_args(EntryKind)
MAX_ENTRY_CHARS = 2_000
"""An outcome is a sentence or two; anything longer belongs in a document the entry links to."""

_WEEK_RE = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")
_WEEK_HINT = "Week must look like 2026-W48"
# Tab, newline and carriage return are text; every other control character is not (NUL cannot even be stored
# in PostgreSQL, and escape sequences would garble `coach log list` in a terminal).
_KEPT_CONTROLS = frozenset("\t\n\r")


class LogEntry(BaseModel):
    """One line of the outcome log, as stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(ge=1, description="Stable id of the entry; `coach log edit/delete ID` use it.")
    text: str = Field(min_length=1, max_length=MAX_ENTRY_CHARS, description="What happened, as the user wrote it.")
    kind: EntryKind = Field(description="Which part of the weekly update the entry belongs to.")
    created_at: AwareDatetime = Field(description="When the entry was logged, in UTC.")
    week: str = Field(pattern=r"^\d{4}-W\d{2}$", description="ISO week the entry counts towards, e.g. 2026-W48.")


class HistoryItem(BaseModel):
    """One saved result of a feature (a translation, a scored answer, ...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(ge=1, description="Id of the history row.")
    created_at: AwareDatetime = Field(description="When the result was saved, in UTC.")
    feature: str = Field(description="Which feature produced the result, e.g. translate.")
    engine: str = Field(description="Which engine produced it: offline or llm (with the model name if useful).")
    input_text: str = Field(description="The user's text the feature was given.")
    result_json: str = Field(description="The feature's result, serialized as JSON ('{}' for a failed attempt).")
    error: str | None = Field(default=None, description="Why the attempt failed; None when it gave a result.")


MAX_PROFILE_ITEMS = 50
"""Names and terms a profile may list per field: a team's products and protected words, not a dictionary."""
MAX_PROFILE_CHARS = 200
"""Per value: a role, a company name, one product or term."""


class Profile(BaseModel):
    """Who the user is, saved once and applied to every feature: the names it must never change, the context a
    model should know. Empty by default (nothing applied)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str = Field(default="", max_length=MAX_PROFILE_CHARS, description="The user's role, e.g. 'ML tech lead'.")
    company: str = Field(default="", max_length=MAX_PROFILE_CHARS, description="The company or team name.")
    products: tuple[str, ...] = Field(
        default=(), max_length=MAX_PROFILE_ITEMS, description="Product and service names, kept exactly as written."
    )
    audiences: tuple[str, ...] = Field(
        default=(), max_length=MAX_PROFILE_ITEMS, description="Who the user usually writes for, in their words."
    )
    protected: tuple[str, ...] = Field(
        default=(), max_length=MAX_PROFILE_ITEMS, description="Names and terms never to change or explain."
    )

    @field_validator("role", "company")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(clean_profile_value(value).split())

    @field_validator("products", "audiences", "protected", mode="before")
    @classmethod
    def _items(cls, value: object) -> object:
        # A text box gives "a, b\nc": one item per line or comma; blanks and repeats dropped, order kept.
        if isinstance(value, str):
            value = re.split(r"[,\n]", value)
        if isinstance(value, list | tuple):
            items = [" ".join(clean_profile_value(str(v)).split()) for v in value]
            seen: dict[str, str] = {}
            for item in items:
                if item and item.casefold() not in seen:
                    seen[item.casefold()] = item
            for item in seen.values():
                if len(item) > MAX_PROFILE_CHARS:
                    raise ValueError(f"'{item[:40]}…' is over {MAX_PROFILE_CHARS} characters")
            return tuple(seen.values())
        return value

    @property
    def empty(self) -> bool:
        return not (self.role or self.company or self.products or self.audiences or self.protected)

    def kept_names(self) -> tuple[str, ...]:
        """Every name to keep exactly: the company, the products and the protected terms."""
        names = ((self.company,) if self.company else ()) + self.products + self.protected
        return tuple(dict.fromkeys(names))

    def note(self) -> str:
        """The profile as a few lines for a model's prompt ("" when empty)."""
        lines = []
        if self.role or self.company:
            lines.append(f"I am {self.role or 'an engineer'}{f' at {self.company}' if self.company else ''}.")
        if self.products:
            lines.append(f"Our products: {', '.join(self.products)}.")
        if self.audiences:
            lines.append(f"I usually write for: {', '.join(self.audiences)}.")
        if self.kept_names():
            lines.append(f"Never change, translate or explain these names and terms: {', '.join(self.kept_names())}.")
        return "\n".join(lines)


def clean_profile_value(text: str) -> str:
    """A profile value without control characters or lone surrogates (it goes into prompts and the page)."""
    text = fix_surrogates(text)
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).strip()


def iso_week(d: datetime) -> str:
    """The ISO week of `d`'s own calendar date, as "YYYY-Www".

    An aware datetime counts in its own timezone: Monday 08:00 in Tokyo is in Monday's week even though it is
    still Sunday in UTC.
    """
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def parse_week(s: str) -> str:
    """Validate a week the user typed and return it normalized ("2026-w48", "2026W48" -> "2026-W48").

    Raises InputError when it is not a week, or names a week 53 the year does not have.
    """
    match = _WEEK_RE.match(s)
    if match is None:
        raise InputError(f"{_WEEK_HINT} (got {s.strip()[:20]!r})")
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InputError(f"{_WEEK_HINT}; {year} has no week {week}") from None
    return f"{year:04d}-W{week:02d}"


def clean_entry_text(text: str) -> str:
    """The entry text as it will be stored: control characters removed, surrounding whitespace stripped.

    Everything else (any script, emoji, joiners, inner whitespace) is kept exactly. Raises InputError when
    nothing is left or the text is over MAX_ENTRY_CHARS characters.
    """
    text = fix_surrogates(text)
    cleaned = "".join(ch for ch in text if ch in _KEPT_CONTROLS or unicodedata.category(ch) != "Cc").strip()
    if not cleaned:
        raise InputError("Nothing to log: the entry is empty. Write what happened, e.g. 'Cut p95 latency 30%'.")
    if len(cleaned) > MAX_ENTRY_CHARS:
        raise InputError(
            f"The entry is {len(cleaned):,} characters; the limit is {MAX_ENTRY_CHARS:,}. "
            "Shorten it, or split it into several entries."
        )
    return cleaned


def check_kind(kind: str) -> EntryKind:
    """`kind` as an EntryKind; InputError naming the choices otherwise (the CLI passes plain strings)."""
    for known in ENTRY_KINDS:
        if kind == known:
            return known
    raise InputError(f"Kind must be one of {', '.join(ENTRY_KINDS)} (got {kind!r}).")
