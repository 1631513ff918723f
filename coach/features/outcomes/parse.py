"""Reading a task list: one task per line, list markup dropped, duplicates named, limits enforced."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from coach.errors import InputError
from coach.features.outcomes.status import Box, box_of
from coach.validate import clean_text

MAX_TASKS = 500
"""More lines than this is a backlog export, not a week's work: the user is asked to split it."""
MAX_TASK_CHARS = 1_000
"""One task is a line or two; longer is a document pasted by mistake."""
MAX_LIST_CHARS = MAX_TASKS * 200
"""The whole list may be longer than one text to translate (COACH_MAX_INPUT_CHARS): 500 lines of ~200."""

# "- ", "* ", "• ", "1. ", "2) ", "[x] ", "- [ ] ", "`[ ]` ", "✅ " ... at the start of a line: list markup, not words.
_BULLET = re.compile(
    r"^\s*(?:(?:[-*•·▪◦‣+>]|\d{1,3}[.)]|[a-z][.)](?=\s))(?:\s+|$))?(?:(?P<tick>`?)\[[ xX✓✔]?\](?P=tick)\s*)?"
    r"(?:[✅✔☑✓]\ufe0f?\s*)?"
)


def parse_tasks(text_or_lines: str | Sequence[str]) -> tuple[list[str], list[str]]:
    """The tasks of a list (one per line, bullets and blank lines dropped) and warnings about them.

    Duplicates are kept (the same thing may really have been done twice) but named in a warning. Raises
    InputError when there is no task, more than MAX_TASKS, or one task longer than MAX_TASK_CHARS.
    """
    tasks, _, warnings = read_list(text_or_lines)
    return tasks, warnings


def read_list(text_or_lines: str | Sequence[str]) -> tuple[list[str], list[Box | None], list[str]]:
    """`parse_tasks`, with each task's check box ("[ ]" open, "[x]" or "✅" ticked, None) read before it goes."""
    raw = text_or_lines if isinstance(text_or_lines, str) else "\n".join(text_or_lines)
    if not raw.strip():
        raise InputError("Nothing to turn into outcomes: the task list is empty. Give one task per line.")
    text = clean_text(raw, limit=MAX_LIST_CHARS, what="turn into outcomes")
    read = [(strip_bullet(line), box_of(line)) for line in text.split("\n")]
    tasks = [t for t, _ in read if t]
    boxes = [b for t, b in read if t]
    if not tasks:
        raise InputError("Nothing to turn into outcomes: the list has only bullets. Give one task per line.")
    if len(tasks) > MAX_TASKS:
        raise InputError(
            f"The list has {len(tasks):,} tasks; the limit is {MAX_TASKS}. Split it (a week's work is rarely "
            "more than a few dozen tasks), or keep the ones worth reporting."
        )
    for number, task in enumerate(tasks, start=1):
        if len(task) > MAX_TASK_CHARS:
            raise InputError(
                f"Task {number} is {len(task):,} characters; the limit is {MAX_TASK_CHARS:,} per task. "
                "Put one task per line, a sentence or two each."
            )
    return tasks, boxes, duplicate_warnings(tasks)


def strip_bullet(line: str) -> str:
    """A line without its list marker and surrounding whitespace ('' for a blank or marker-only line)."""
    return _BULLET.sub("", line, count=1).strip()


def duplicate_warnings(tasks: Sequence[str]) -> list[str]:
    counts = Counter(" ".join(t.casefold().split()) for t in tasks)
    warnings = []
    seen: set[str] = set()
    for task in tasks:
        key = " ".join(task.casefold().split())
        if counts[key] > 1 and key not in seen:
            seen.add(key)
            warnings.append(
                f"'{_short(task)}' is listed {counts[key]} times; each is kept — remove the copies if it happened once."
            )
    return warnings


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
