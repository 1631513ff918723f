"""Reading the week: free notes, a task list or outcome-log entries → notes, each filed under a section or not."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from coach.errors import InputError
from coach.features.outcomes.parse import MAX_TASKS, strip_bullet
from coach.store import EntryKind, LogEntry, iso_week, parse_week
from coach.validate import clean_text

Section = Literal["progress", "problems", "plan"]
SECTIONS: tuple[Section, ...] = get_args(Section)
TITLES: dict[Section, str] = {"progress": "Progress", "problems": "Problems", "plan": "Plan"}
_KIND_SECTION: dict[EntryKind, Section | None] = {
    "progress": "progress", "problem": "problems", "plan": "plan", "note": None,
}  # fmt: skip
# Section names a writer uses, as a heading on its own line ("Problems:", "## Next week", "*Blockers*") that
# files the lines under it, or as a label that files its own line ("Plan: ship", "Blocked - legal review").
_SECTION_NAME = (
    r"(?P<name>progress|done|completed|wins?|achievements?|highlights?|outcomes?|results?|shipped|"
    r"problems?|blockers?|blocked|issues?|risks?|at risk|concerns?|challenges?|lowlights?|"
    r"plans?|next (?:week|sprint|steps?|up)|up next|next|upcoming|todo|to-?do|priorities)"
)
_HEADING = re.compile(rf"^[#*_\s]*{_SECTION_NAME}[*_\s]*:?[*_\s]*$", re.IGNORECASE)
# A label needs a colon or a spaced dash: "Plan-based pricing" and "Shipped search" are sentences.
_LABEL = re.compile(rf"^[#*_\s]*{_SECTION_NAME}[*_\s]*(?::|\s[-–—])[*_\s]*(?P<rest>.*)$", re.IGNORECASE)
# What follows a label when there is nothing to report ("Blockers: none").
_NOTHING = re.compile(r"^(?:none|nothing|nil|n/?a|[-–—]+)?(?: (?:so far|yet|this week|to report))?[.!]*$", re.I)
_WHEN_LABELS = frozenset({"next week", "next sprint"})
_HEADING_SECTION: dict[str, Section] = {
    **dict.fromkeys(["progress", "done", "completed", "win", "wins", "achievement", "achievements", "highlight",
                     "highlights", "outcome", "outcomes", "result", "results", "shipped"], "progress"),
    **dict.fromkeys(["problem", "problems", "blocker", "blockers", "blocked", "issue", "issues", "risk",
                     "risks", "at risk", "concern", "concerns", "challenge", "challenges", "lowlight",
                     "lowlights"], "problems"),
}  # fmt: skip


@dataclass(frozen=True)
class Note:
    """One thing that happened (or will), and where the writer filed it (None: let the engine decide)."""

    text: str
    section: Section | None = None


def notes_from_entries(entries: Sequence[LogEntry]) -> list[Note]:
    """Outcome-log entries as notes; an entry's kind (progress/problem/plan) files it, `note` does not."""
    return [Note(text=e.text, section=_KIND_SECTION[e.kind]) for e in entries]


def notes_from_text(text: str, *, limit: int) -> list[Note]:
    """Free notes or a task list, one item per line; a heading line ("Problems:") files the lines after it.

    A line's own label ("Plan: ship", "Blocked - legal") files that line, wins over the heading above it and is
    dropped from its text; a label with nothing to report ("Blockers: none") adds no item.
    """
    clean = clean_text(text, limit=limit, what="draft a weekly update from")
    notes: list[Note] = []
    current: Section | None = None
    for line in clean.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            current = _section_named(heading["name"])
            continue
        labelled, item = split_label(strip_bullet(line))
        if item:
            notes.append(Note(text=item, section=labelled or current))
    if not notes:
        raise InputError("Nothing to draft a weekly update from: the notes have only headings or bullets.")
    if len(notes) > MAX_TASKS:
        raise InputError(
            f"The notes have {len(notes):,} lines; the limit is {MAX_TASKS}. A weekly update reports the "
            "week's main results: keep the ones worth reporting."
        )
    return notes


def split_label(item: str) -> tuple[Section | None, str]:
    """The section a leading label names ("Plan: hire" → plan) and the item without it ('' if it says there is
    nothing to report; kept whole when the label says when, "Next week: hire"); (None, item) without a label."""
    label = _LABEL.match(item)
    if label is None:
        return None, item
    rest = label["rest"].strip()
    if _NOTHING.match(rest):
        return _section_named(label["name"]), ""
    # "Next week: …" says when: a date the update must keep (the fact check counts it), so only its section is taken.
    keep = " ".join(label["name"].lower().split()) in _WHEN_LABELS
    return _section_named(label["name"]), item.strip() if keep else rest


def _section_named(name: str) -> Section:
    return _HEADING_SECTION.get(" ".join(name.lower().split()), "plan")


def resolve_week(week: str | None) -> str:
    """`week` normalised ("2026-w48" → "2026-W48"), or the current local ISO week."""
    return parse_week(week) if week else iso_week(datetime.now().astimezone())
