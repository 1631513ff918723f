"""The weekly update's LLM chain: prompts/weekly.yaml asked for a `WeeklyDraft` (the output schema)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from coach.features.weekly.notes import Note, Section
from coach.readers import Reader

_TAG: dict[Section | None, str] = {"progress": "progress", "problems": "problem", "plan": "plan", None: "note"}


class WeeklyDraft(BaseModel):
    """The model's update: three lists of one-line items, most important first."""

    model_config = ConfigDict(extra="forbid")

    progress: list[str] = Field(
        description="Results this week, outcome first, most important first; [] if the notes give none."
    )
    problems: list[str] = Field(
        description="What went wrong, is blocked, slipped or is at risk; [] if the notes give none."
    )
    plan: list[str] = Field(description="What comes next, most important first; [] if the notes give none.")


def variables(notes: Sequence[Note], week: str, reader: Reader) -> dict[str, str]:
    """The prompt's variables: the notes numbered and tagged with the section the writer filed them under."""
    entries = "\n".join(f"{n}. [{_TAG[note.section]}] {note.text}" for n, note in enumerate(notes, start=1))
    return {
        "reader": reader.id,
        "reader_profile": reader.profile(),
        "week": week,
        "max_items": str(reader.weekly_items),
        "entries": entries,
    }
