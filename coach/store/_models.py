"""What the store hands out (pydantic models) and the pure rules for what it accepts (weeks, entry text)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Literal, get_args

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

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
    result_json: str = Field(description="The feature's result, serialized as JSON.")


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
