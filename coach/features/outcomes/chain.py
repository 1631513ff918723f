"""Outcomes' LLM chain: prompts/outcomes.yaml asked for an `OutcomesDraft` per batch of tasks."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

BATCH = 20
"""Tasks per request: a long list in one answer is where models start to skip or merge lines."""


class DraftOutcome(BaseModel):
    """The model's outcome statement for one numbered task."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(description="The task's number in the list, as given.")
    outcome: str = Field(
        description="Result first, then the task that produced it, in plain words; every number, name and ticket "
        "ID of the task kept exactly; no invented result. For an activity-only task: the task restated plainly, "
        "with no label."
    )
    activity_only: bool = Field(description="True when the task does not say what it achieved.")
    question: str | None = Field(
        description="The one specific question that would turn the task into an outcome: for an activity-only "
        "task, chosen by its topic; for work not done yet (WIP, 🟡, 🔴, blocked, remaining, an open check box), "
        "when it will land and what blocks it. Null for done work that states its result."
    )


class OutcomesDraft(BaseModel):
    """The model's answer: one item per task, in order."""

    model_config = ConfigDict(extra="forbid")

    items: list[DraftOutcome] = Field(description="Exactly one item per task, in the order given.")


def batches(tasks: Sequence[str]) -> list[dict[str, str]]:
    """The prompt's variables for each batch of at most BATCH tasks, numbered from 1 within the batch."""
    out = []
    for offset in range(0, len(tasks), BATCH):
        batch = tasks[offset : offset + BATCH]
        listing = "\n".join(f"{n}. {task}" for n, task in enumerate(batch, start=1))
        out.append({"count": str(len(batch)), "tasks": listing})
    return out


def by_task(tasks: Sequence[str], drafts: Sequence[OutcomesDraft]) -> list[DraftOutcome | None]:
    """The model's answer for each task in order (None where it gave none)."""
    answers: list[DraftOutcome | None] = []
    for offset, draft in zip(range(0, len(tasks), BATCH), drafts, strict=True):
        numbered = {d.number: d for d in draft.items}
        for n in range(1, min(BATCH, len(tasks) - offset) + 1):
            answer = numbered.get(n)
            answers.append(answer if answer is not None and answer.outcome.strip() else None)
    return answers
