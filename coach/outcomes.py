"""Outcome statements: a task list in, one outcome statement per task out — or the question that would make one.

"Completed JIRA-123" says what was done; an outcome says what changed, for whom, with what result. Both
engines share this module's parsing, schemas and post-checks; `outcomes_offline` restructures the user's own
words and never invents a result, `outcomes_llm` asks a model through prompts/outcomes.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.errors import ConfigError, InputError
from coach.validate import clean_text

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

Engine = Literal["offline", "llm"]

MAX_TASKS = 500
"""More lines than this is a backlog export, not a week's work: the user is asked to split it."""
MAX_TASK_CHARS = 1_000
"""One task is a line or two; longer is a document pasted by mistake."""
MAX_LIST_CHARS = MAX_TASKS * 200
"""The whole list may be longer than one text to translate (COACH_MAX_INPUT_CHARS): 500 lines of ~200."""

# "- ", "* ", "• ", "1. ", "2) ", "[x] ", "- [ ] ", "✅ " ... at the start of a line: list markup, not words.
_BULLET = re.compile(
    r"^\s*(?:(?:[-*•·▪◦‣+>]|\d{1,3}[.)]|[a-z][.)](?=\s))(?:\s+|$))?(?:\[[ xX✓✔]?\]\s*)?(?:[✅✔☑✓]\ufe0f?\s*)?"
)


class OutcomeItem(BaseModel):
    """One task and the outcome statement made from it."""

    model_config = ConfigDict(extra="forbid")

    task: str = Field(description="The task as the user wrote it, list bullet removed.")
    outcome: str = Field(
        description="What changed, for whom, with what result — result first, every number, name and ticket "
        "ID of the task kept. For an activity-only task: the task restated honestly, no result invented."
    )
    activity_only: bool = Field(
        description="True when the task says what was done but not what it achieved (no result, no metric)."
    )
    question: str | None = Field(
        description="The one question whose answer would turn the task into an outcome; null when the task "
        "already states its result."
    )


class OutcomesResult(BaseModel):
    """Outcome statements for a task list, in the list's order."""

    model_config = ConfigDict(extra="forbid")

    engine: Engine = Field(description="offline: rule-based restructuring; llm: written by a language model.")
    items: list[OutcomeItem] = Field(description="One item per task, in the order given.")
    warnings: list[str] = Field(description="What the writer should check: duplicates, facts changed, ...")
    model: str | None = Field(default=None, description="The model that wrote it (llm engine).")
    prompt_hash: str | None = Field(default=None, description="Hash of the prompt file used (llm engine).")


def parse_tasks(text_or_lines: str | Sequence[str]) -> tuple[list[str], list[str]]:
    """The tasks of a list (one per line, bullets and blank lines dropped) and warnings about them.

    Duplicates are kept (the same thing may really have been done twice) but named in a warning. Raises
    InputError when there is no task, more than MAX_TASKS, or one task longer than MAX_TASK_CHARS.
    """
    raw = text_or_lines if isinstance(text_or_lines, str) else "\n".join(text_or_lines)
    if not raw.strip():
        raise InputError("Nothing to turn into outcomes: the task list is empty. Give one task per line.")
    text = clean_text(raw, limit=MAX_LIST_CHARS, what="turn into outcomes")
    tasks = [t for t in (strip_bullet(line) for line in text.split("\n")) if t]
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
    return tasks, duplicate_warnings(tasks)


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


def make_outcomes(
    text_or_lines: str | Sequence[str],
    *,
    engine: Engine = "offline",
    chat_model: BaseChatModel | None = None,
    deadline_s: float = 120.0,
    model_name: str | None = None,
) -> OutcomesResult:
    """One outcome statement per task of a list (text with one task per line, or a list of lines).

    The offline engine restructures the user's own words and never adds a result; the LLM engine (needs
    `chat_model`) is fact-checked per task, and its warnings say what it dropped or added.
    """
    tasks, warnings = parse_tasks(text_or_lines)
    if engine == "offline":
        from coach.outcomes_offline import offline_outcome

        return OutcomesResult(engine="offline", items=[offline_outcome(t) for t in tasks], warnings=warnings)
    if chat_model is None:
        raise ConfigError("The LLM engine needs a chat model; use the offline engine or configure a model.")
    from coach.outcomes_llm import llm_outcomes

    result = llm_outcomes(chat_model, tasks, deadline_s=deadline_s, model_name=model_name)
    return result.model_copy(update={"warnings": warnings + result.warnings})
