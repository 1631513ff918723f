"""Outcomes' result: one outcome statement per task, or the question that would make one."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.flow.results import Common

Status = Literal["done", "in_progress", "blocked", "planned", "unknown"]


STATUS_LABELS: dict[Status, str] = {
    "done": "done", "in_progress": "in progress", "blocked": "blocked", "planned": "planned", "unknown": "not said",
}  # fmt: skip
"""A status in words, for the shells (the JSON keeps the values above)."""


class OutcomeItem(BaseModel):
    """One task and the outcome statement made from it."""

    model_config = ConfigDict(extra="forbid")

    task: str = Field(description="The task as the user wrote it, list bullet removed.")
    outcome: str = Field(
        description="What changed, for whom, with what result — result first, in plain words, every number, name "
        "and ticket ID of the task kept. For a task with no result: the task restated honestly, no result invented."
    )
    activity_only: bool = Field(
        description="True when the task says what was done but not what it achieved (no result, no metric)."
    )
    question: str | None = Field(
        description="The one question whose answer would turn the task into an outcome — for work not done yet, "
        "when it lands and what blocks it; null when the task already states its result and is done."
    )
    status: Status = Field(
        default="unknown",
        description="How far the task is, read from its markers (WIP, 🟡, 🔴, 'blocked', 'remaining', a check "
        "box, the tense): done, in_progress, blocked, planned, or unknown when nothing says.",
    )
    finished: bool = Field(
        default=False,
        description="True when `outcome` is a finished statement to send as it is (a stated result of done "
        "work); false when the task still needs an answer — its `question`.",
    )


class OutcomesResult(Common):
    """Outcome statements for a task list, in the list's order."""

    items: list[OutcomeItem] = Field(description="One item per task, in the order given.")

    @property
    def finished(self) -> list[OutcomeItem]:
        """The items whose statement is ready to send, in order."""
        return [i for i in self.items if i.finished]

    @property
    def open(self) -> list[OutcomeItem]:
        """The items that still need an answer (their `question`), in order."""
        return [i for i in self.items if not i.finished]

    def finished_text(self) -> str:
        """The finished statements as a bullet list, ready to paste ("" when there is none yet)."""
        return "\n".join(f"- {i.outcome}" for i in self.finished)


def open_reason(item: OutcomeItem) -> str:
    """Why an item is not a finished statement yet, in words: its status, or what its task does not say."""
    if item.status in ("in_progress", "blocked", "planned"):
        return STATUS_LABELS[item.status]
    return "no result stated" if item.activity_only else "result not measured"
