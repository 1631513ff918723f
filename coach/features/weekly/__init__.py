"""The weekly update: notes, a task list or the week's outcome log → Progress / Problems / Plan for one reader.

Each section holds 1–5 items (the reader's `weekly_items`), outcome first, most important first. The offline
rules file and order the user's own words; the LLM engine asks prompts/weekly.yaml. Both end in the same caps,
fact check against the notes, placeholders and rendering (Markdown, Slack mrkdwn or a plain-text email).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.errors import InputError
from coach.features.weekly.notes import (
    SECTIONS,
    TITLES,
    Note,
    Section,
    notes_from_entries,
    notes_from_text,
    resolve_week,
    split_label,
)
from coach.features.weekly.render import FORMATS, Format, as_format, render
from coach.features.weekly.schema import WeeklyResult
from coach.features.weekly.sections import PLACEHOLDERS, Sections, cap, cap_section, fill
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature
from coach.flow.postchecks import check_facts
from coach.readers import Reader, get_reader, readers_for

__all__ = [
    "FEATURE",
    "FORMATS",
    "PLACEHOLDERS",
    "SECTIONS",
    "Note",
    "Section",
    "WeeklyFeature",
    "WeeklyResult",
    "cap",
    "fill",
    "notes_from_entries",
    "notes_from_text",
    "readers",
    "resolve_week",
    "split_label",
]


def readers() -> tuple[str, ...]:
    """The reader ids a weekly update can be written for."""
    return tuple(readers_for("weekly"))


@dataclass(frozen=True)
class WeeklyRequest:
    notes: Sequence[Note]
    week: str
    reader: Reader
    format: Format


@dataclass(frozen=True)
class WeeklyDraftResult:
    sections: Sections
    """Each section's items, capped, possibly empty."""
    warnings: list[str]
    stated: list[str]
    """What the fact check reads as the update: every item text, without coach's "+N more" counting words."""
    source: list[str] | None = None
    """What the fact check reads as the notes: those the stated items were written from (offline engine, which
    knows), or None for every note (the LLM engine, whose items may merge several)."""


class WeeklyFeature(Feature[WeeklyRequest, WeeklyDraftResult, WeeklyResult]):
    name = "weekly"
    prompt = "weekly"

    def prepare(self, ctx: RunContext, **inputs: Any) -> WeeklyRequest:
        """inputs: notes (text, or Notes from the log), week, reader (id), fmt; `source` ("log" | "notes") words the
        message when there is nothing to draft from."""
        week = resolve_week(inputs.get("week"))
        reader = get_reader(str(inputs.get("reader") or "manager"), "weekly")
        fmt = as_format(str(inputs.get("fmt") or "markdown"))
        given = inputs["notes"]
        notes: Sequence[Note] = (
            notes_from_text(given, limit=ctx.settings.max_input_chars) if isinstance(given, str) else given
        )
        if not notes:
            raise InputError(
                f"No outcome log entries for {week}; add some with `coach log add` or pass --from FILE"
                if inputs.get("source") == "log"
                else "Nothing to draft a weekly update from: the notes are empty."
            )
        return WeeklyRequest(notes=notes, week=week, reader=reader, format=fmt)

    def offline(self, request: WeeklyRequest, ctx: RunContext) -> WeeklyDraftResult:
        from coach.features.weekly.offline import draft

        result = draft(request.notes, request.reader.weekly_items)
        return WeeklyDraftResult(result.sections, result.warnings, result.stated, result.source)

    def llm(self, request: WeeklyRequest, ctx: RunContext) -> WeeklyDraftResult:
        from coach.features.weekly.chain import WeeklyDraft, variables

        answer = ctx.ask(self.prompt, WeeklyDraft, variables(request.notes, request.week, request.reader))
        sections: Sections = {}
        warnings: list[str] = []
        stated: list[str] = []
        for section in SECTIONS:
            items = [" ".join(i.split()) for i in getattr(answer, section) if i.strip()]
            capped = cap_section(items, request.reader.weekly_items, TITLES[section])
            sections[section] = capped.items
            # Items coach cut are still the model's account of the notes: checked, so that a fact the model
            # kept only there is not reported missing on top of the cut's own warning.
            stated += capped.stated + capped.elided
            warnings += capped.warnings
        return WeeklyDraftResult(sections, warnings, stated)

    def finish(self, request: WeeklyRequest, draft: WeeklyDraftResult, ctx: RunContext) -> WeeklyResult:
        # The check reads the items as written; the "+N more" count is coach's own wording, not a claim.
        source = draft.source if draft.source is not None else [n.text for n in request.notes]
        check, fact_warnings = check_facts(
            "\n".join(source),
            "\n".join(draft.stated),
            source_name="your notes",
            answer_name="the update",
        )
        filled, fill_warnings = fill(draft.sections)
        return WeeklyResult(
            **ctx.common(check, draft.warnings + fact_warnings + fill_warnings),
            reader=request.reader.id,
            week=request.week,
            format=request.format,
            progress=filled["progress"],
            problems=filled["problems"],
            plan=filled["plan"],
            text=render(request.week, request.reader.id, filled, request.format),
        )


FEATURE = WeeklyFeature()
