"""The three sections' shared rules: at most N items (overflow merged, never dropped), honest placeholders."""

from __future__ import annotations

from coach.errors import InputError
from coach.features.weekly.notes import SECTIONS, TITLES, Section

Sections = dict[Section, list[str]]

PLACEHOLDERS: dict[Section, str] = {
    "progress": "No progress logged this week.",
    "problems": "No problems logged this week.",
    "plan": "No plan logged yet — add next week's priorities before sending.",
}


def cap(items: list[str], limit: int, title: str) -> tuple[list[str], list[str]]:
    """At most `limit` items: the overflow is merged into one "+N more: …" line, never dropped silently."""
    if len(items) <= limit:
        return items, []
    kept, rest = items[: limit - 1], items[limit - 1 :]
    merged = f"+{len(rest)} more: " + "; ".join(rest)
    warning = (
        f"{title} had {len(items)} items; the {len(rest)} least important were merged into the last line "
        f'("+{len(rest)} more") — cut the ones your reader does not need.'
    )
    return [*kept, merged], [warning]


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
