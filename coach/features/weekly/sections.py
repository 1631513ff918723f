"""The three sections' shared rules: at most N items (overflow summed up, never dropped silently), honest
placeholders."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.errors import InputError
from coach.features.weekly.notes import SECTIONS, TITLES, Section

Sections = dict[Section, list[str]]

PLACEHOLDERS: dict[Section, str] = {
    "progress": "No progress logged this week.",
    "problems": "No problems logged this week.",
    "plan": "No plan logged yet — add next week's priorities before sending.",
}

MORE_CHARS = 600
"""How much of the overflow the last line quotes. A week of 70,000 log entries once made a 3.6 MB line; a
reader skims a sentence or two of "more", so the rest is counted, not listed."""


@dataclass(frozen=True)
class Capped:
    """One section cut to the reader's number of items."""

    items: list[str]
    """What the update shows: the kept items, then (on overflow) one "+N more: …" line."""
    stated: list[str]
    """The item texts the update states, without coach's own counting words: what the fact check reads."""
    elided: list[str] = field(default_factory=list)
    """Items counted on the "+N more" line but not quoted."""
    warnings: list[str] = field(default_factory=list)


def cap(items: list[str], limit: int, title: str) -> tuple[list[str], list[str]]:
    """At most `limit` items: the overflow is summed up in one "+N more: …" line, never dropped silently."""
    capped = cap_section(items, limit, title)
    return capped.items, capped.warnings


def cap_section(items: list[str], limit: int, title: str, *, budget: int = MORE_CHARS) -> Capped:
    """`items` (most important first) cut to `limit`: the first `limit - 1` kept, the rest on one last line that
    quotes as many as fit in `budget` characters and counts the others ("… and N more entries")."""
    if len(items) <= limit:
        return Capped(items=items, stated=items)
    kept, rest = items[: limit - 1], items[limit - 1 :]
    quoted: list[str] = []
    used = 0
    for item in rest:
        used += len(item) + 2
        if used > budget:
            break
        quoted.append(item)
    elided = rest[len(quoted) :]
    line = f"+{len(rest)} more: " + "; ".join(quoted)
    if elided:
        line += f"{'; ' if quoted else ''}… and {len(elided)} more {'entry' if len(elided) == 1 else 'entries'}"
    shown = "merged into the last line" if not elided else f"counted in the last line ({len(quoted)} quoted)"
    warning = (
        f"{title} had {len(items)} items; the {len(rest)} least important were {shown} "
        f'("+{len(rest)} more") — cut the ones your reader does not need.'
    )
    return Capped(items=[*kept, line], stated=[*kept, *quoted], elided=elided, warnings=[warning])


def fill(sections: Sections) -> tuple[Sections, list[str]]:
    """An honest placeholder in an empty section (the others have content), with a warning saying so."""
    if not any(sections.values()):
        raise InputError("Nothing to put in the weekly update: every section came out empty.")
    warnings = []
    filled = dict(sections)
    for section in SECTIONS:
        if not filled[section]:
            filled[section] = [PLACEHOLDERS[section]]
            warnings.append(f"Nothing was logged under {TITLES[section]}; the update says so.")
    return filled, warnings
