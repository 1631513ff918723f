"""The weekly update: notes, a task list or the week's outcome log → Progress / Problems / Plan for one reader.

Each section holds 1–5 items, outcome first, most important first. The result carries the update rendered
in the requested format (Markdown, Slack mrkdwn or a plain-text email) and renders the others on request,
so the UI can switch formats without drafting again. `weekly_offline` classifies and orders the user's own
words; `weekly_llm` asks a model through prompts/weekly.yaml; both share the caps, placeholders and checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, assert_never, get_args

from pydantic import BaseModel, ConfigDict, Field

from coach.errors import ConfigError, InputError
from coach.outcomes import MAX_TASKS, strip_bullet
from coach.store import EntryKind, LogEntry, iso_week, parse_week
from coach.validate import clean_text

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

Engine = Literal["offline", "llm"]
Reader = Literal["manager", "executive", "team"]
Format = Literal["markdown", "slack", "email"]
Section = Literal["progress", "problems", "plan"]
READERS: tuple[Reader, ...] = get_args(Reader)
FORMATS: tuple[Format, ...] = get_args(Format)
SECTIONS: tuple[Section, ...] = get_args(Section)
TITLES: dict[Section, str] = {"progress": "Progress", "problems": "Problems", "plan": "Plan"}
MAX_ITEMS: dict[Reader, int] = {"manager": 5, "executive": 3, "team": 5}
"""Items per section: an executive reads three lines, a manager or the team up to five."""
READER_PROFILES: dict[Reader, str] = {
    "manager": "Your manager: knows the project; wants results, problems early, and what you need from them.",
    "executive": "An executive: cares about customers, revenue, cost, risk and dates; no technical detail; "
    "three items per section at most.",
    "team": "Your own team: knows the technical details; ticket IDs, systems and specifics are welcome.",
}
PLACEHOLDERS: dict[Section, str] = {
    "progress": "No progress logged this week.",
    "problems": "No problems logged this week.",
    "plan": "No plan logged yet — add next week's priorities before sending.",
}
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


class WeeklyResult(BaseModel):
    """A Progress / Problems / Plan update for one reader, rendered for pasting."""

    model_config = ConfigDict(extra="forbid")

    engine: Engine = Field(description="offline: rule-based drafting; llm: written by a language model.")
    reader: Reader = Field(description="Who the update is for: manager, executive or team.")
    week: str = Field(description="The ISO week the update covers, e.g. 2026-W48.")
    format: Format = Field(description="The format `text` is rendered in: markdown, slack or email.")
    progress: list[str] = Field(min_length=1, max_length=5, description="Results this week, most important first.")
    problems: list[str] = Field(min_length=1, max_length=5, description="What went wrong, is blocked or at risk.")
    plan: list[str] = Field(min_length=1, max_length=5, description="What comes next, most important first.")
    text: str = Field(description="The whole update in `format`, ready to paste.")
    warnings: list[str] = Field(description="What to fix before sending: results not stated, facts changed ...")
    model: str | None = Field(default=None, description="The model that wrote it (llm engine).")
    prompt_hash: str | None = Field(default=None, description="Hash of the prompt file used (llm engine).")

    def render(self, fmt: Format) -> str:
        """The update in another format (the same sections)."""
        return render(self.week, self.reader, {s: getattr(self, s) for s in SECTIONS}, fmt)


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


def fill(sections: dict[Section, list[str]]) -> tuple[dict[Section, list[str]], list[str]]:
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


def render(week: str, reader: Reader, sections: dict[Section, list[str]], fmt: Format) -> str:
    """The update as Markdown, Slack mrkdwn or a plain-text email (with a Subject: line)."""
    title = f"Weekly update — {week}"
    if fmt == "markdown":
        parts = [f"# {title}"]
        parts += [f"## {TITLES[s]}\n" + "\n".join(f"- {i}" for i in sections[s]) for s in SECTIONS]
        return "\n\n".join(parts) + "\n"
    if fmt == "slack":
        parts = [f"*{_slack(title)}*"]
        parts += [f"*{TITLES[s]}*\n" + "\n".join(f"• {_slack(i)}" for i in sections[s]) for s in SECTIONS]
        return "\n\n".join(parts) + "\n"
    if fmt == "email":
        greeting = "Hi team," if reader == "team" else "Hi,"
        parts = [f"Subject: {title}: Progress / Problems / Plan", greeting]
        parts += [f"{TITLES[s]}\n" + "\n".join(f"- {i}" for i in sections[s]) for s in SECTIONS]
        parts.append("Thanks")
        return "\n\n".join(parts) + "\n"
    assert_never(fmt)


def _slack(text: str) -> str:
    # Slack's mrkdwn treats &, < and > as control characters; everything else is shown as written.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_weekly(
    notes: Sequence[Note],
    *,
    week: str,
    reader: str = "manager",
    fmt: str = "markdown",
    engine: Engine = "offline",
    chat_model: BaseChatModel | None = None,
    deadline_s: float = 120.0,
    model_name: str | None = None,
    source: str = "notes",
) -> WeeklyResult:
    """Draft the update for `week` from `notes`; InputError when there is nothing to draft from."""
    chosen_reader, chosen_fmt = as_reader(reader), as_format(fmt)
    if not notes:
        raise InputError(
            f"No outcome log entries for {week}; add some with `coach log add` or pass --from FILE"
            if source == "log"
            else "Nothing to draft a weekly update from: the notes are empty."
        )
    if engine == "offline":
        from coach.weekly_offline import draft

        sections, warnings = draft(notes, MAX_ITEMS[chosen_reader])
        prompt_hash = None
    else:
        if chat_model is None:
            raise ConfigError("The LLM engine needs a chat model; use the offline engine or configure a model.")
        from coach.weekly_llm import llm_draft

        sections, warnings, prompt_hash = llm_draft(
            chat_model, notes, week=week, reader=chosen_reader, deadline_s=deadline_s
        )
    filled, fill_warnings = fill(sections)
    return WeeklyResult(
        engine=engine,
        reader=chosen_reader,
        week=week,
        format=chosen_fmt,
        progress=filled["progress"],
        problems=filled["problems"],
        plan=filled["plan"],
        text=render(week, chosen_reader, filled, chosen_fmt),
        warnings=warnings + fill_warnings,
        model=model_name if engine == "llm" else None,
        prompt_hash=prompt_hash,
    )


def as_reader(value: str) -> Reader:
    """`value` as a Reader; InputError naming the choices otherwise."""
    for reader in READERS:
        if value == reader:
            return reader
    raise InputError(f"Reader must be one of {', '.join(READERS)} (got {value!r}).")


def as_format(value: str) -> Format:
    """`value` as a Format; InputError naming the choices otherwise."""
    for fmt in FORMATS:
        if value == fmt:
            return fmt
    raise InputError(f"Format must be one of {', '.join(FORMATS)} (got {value!r}).")
