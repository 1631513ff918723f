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


_ENTRY_OVERHEAD = 16
"""What the prompt adds to each entry ("12. [problem] "), counted against the input limit."""


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
        sections, stated = result.sections, result.stated
        if "translate" in request.reader.used_by:
            # A reader translate writes for (an executive) gets the same plain wording here: one translation per
            # reader. Readers who know the project (manager, team) keep the team's words.
            from coach.features.translate.plainwords import TermState, plain_words

            state, plain = TermState(), {}
            for text in [t for items in sections.values() for t in items]:
                plain[text] = plain_words(text, request.reader, ctx.index, state, [], name_code=True)
            sections = {k: [plain.get(t, t) for t in items] for k, items in sections.items()}
            stated = [plain.get(t, t) for t in stated]
        return WeeklyDraftResult(sections, result.warnings, stated, result.source)

    def llm(self, request: WeeklyRequest, ctx: RunContext) -> WeeklyDraftResult:
        from coach.features.weekly.chain import WeeklyDraft, variables

        notes, warnings = _what_the_model_can_read(request.notes, ctx.settings.max_input_chars)
        answer = ctx.ask(self.prompt, WeeklyDraft, variables(notes, request.week, request.reader))
        sections: Sections = {}
        stated: list[str] = []
        for section in SECTIONS:
            items = [" ".join(i.split()) for i in getattr(answer, section) if i.strip()]
            capped = cap_section(items, request.reader.weekly_items, TITLES[section])
            sections[section] = capped.items
            # Items coach cut are still the model's account of the notes: checked, so that a fact the model
            # kept only there is not reported missing on top of the cut's own warning.
            stated += capped.stated + capped.elided
            warnings += capped.warnings
        source = None if len(notes) == len(request.notes) else [n.text for n in notes]
        return WeeklyDraftResult(sections, warnings, stated, source)

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


def _what_the_model_can_read(notes: Sequence[Note], limit: int) -> tuple[Sequence[Note], list[str]]:
    """The notes sent to the model: all of them when they fit in COACH_MAX_INPUT_CHARS, else the most important
    that do (a week's log has no size limit of its own; 70,000 entries would be a 3.6 MB prompt)."""
    from coach.features.weekly.rank import most_important

    keep = most_important([n.text for n in notes], limit, per_item=_ENTRY_OVERHEAD)
    if len(keep) == len(notes):
        return notes, []
    warning = (
        f"The week has {len(notes):,} entries, more than the model reads at once ({limit:,} characters, "
        f"COACH_MAX_INPUT_CHARS): it was given the {len(keep):,} most important; the other "
        f"{len(notes) - len(keep):,} are not in this update."
    )
    return [notes[i] for i in keep], [warning]


FEATURE = WeeklyFeature()
