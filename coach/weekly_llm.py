"""The weekly feature's LLM chain: prompts/weekly.yaml, asked through the model seam, then fact-checked."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.facts import compare
from coach.llm import structured_call
from coach.prompting import load_prompt
from coach.weekly import MAX_ITEMS, READER_PROFILES, SECTIONS, TITLES, Note, Reader, Section, cap

PROMPT_NAME = "weekly"
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


def llm_draft(
    model: BaseChatModel, notes: Sequence[Note], *, week: str, reader: Reader, deadline_s: float
) -> tuple[dict[Section, list[str]], list[str], str]:
    """The sections the model drafted (capped, possibly empty), warnings, and the prompt's hash."""
    prompt = load_prompt(PROMPT_NAME)
    entries = "\n".join(f"{n}. [{_TAG[note.section]}] {note.text}" for n, note in enumerate(notes, start=1))
    limit = MAX_ITEMS[reader]
    answer = structured_call(
        model,
        prompt,
        WeeklyDraft,
        {
            "reader": reader,
            "reader_profile": READER_PROFILES[reader],
            "week": week,
            "max_items": str(limit),
            "entries": entries,
        },
        deadline_s=deadline_s,
    )
    sections: dict[Section, list[str]] = {}
    warnings: list[str] = []
    for section in SECTIONS:
        items = [" ".join(i.split()) for i in getattr(answer, section) if i.strip()]
        sections[section], cap_warnings = cap(items, limit, TITLES[section])
        warnings += cap_warnings
    check = compare("\n".join(n.text for n in notes), "\n".join(i for s in SECTIONS for i in sections[s]))
    if check.missing:
        warnings.append(f"The update drops {', '.join(check.missing)} from your notes — check it before sending.")
    if check.added:
        warnings.append(
            f"The update states {', '.join(check.added)}, which your notes do not — remove it unless it is true."
        )
    return sections, warnings, prompt.hash
