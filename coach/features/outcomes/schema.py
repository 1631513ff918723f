"""Outcomes' result: one outcome statement per task, or the question that would make one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from coach.flow.results import Common


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


class OutcomesResult(Common):
    """Outcome statements for a task list, in the list's order."""

    items: list[OutcomeItem] = Field(description="One item per task, in the order given.")
