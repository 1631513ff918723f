"""The outcomes feature's LLM chain: prompts/outcomes.yaml, asked through the model seam in batches."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.activity import question_for
from coach.analysis.facts import compare
from coach.llm import structured_call
from coach.outcomes import OutcomeItem, OutcomesResult
from coach.outcomes_offline import NOT_STATED, offline_outcome
from coach.prompting import load_prompt

PROMPT_NAME = "outcomes"
BATCH = 20
"""Tasks per request: a long list in one answer is where models start to skip or merge lines."""


class DraftOutcome(BaseModel):
    """The model's outcome statement for one numbered task."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(description="The task's number in the list, as given.")
    outcome: str = Field(
        description="Result first, then how; every number, name and ticket ID of the task kept exactly; no "
        "invented result. For an activity-only task: the task restated, then ' — result not stated yet'."
    )
    activity_only: bool = Field(description="True when the task does not say what it achieved.")
    question: str | None = Field(
        description="For an activity-only task, the one specific question that would turn it into an "
        "outcome; null otherwise."
    )


class OutcomesDraft(BaseModel):
    """The model's answer: one item per task, in order."""

    model_config = ConfigDict(extra="forbid")

    items: list[DraftOutcome] = Field(description="Exactly one item per task, in the order given.")


def llm_outcomes(
    model: BaseChatModel, tasks: Sequence[str], *, deadline_s: float, model_name: str | None = None
) -> OutcomesResult:
    """Outcome statements written by the model, fact-checked against each task; gaps filled offline."""
    prompt = load_prompt(PROMPT_NAME)
    items: list[OutcomeItem] = []
    warnings: list[str] = []
    for offset in range(0, len(tasks), BATCH):
        batch = tasks[offset : offset + BATCH]
        listing = "\n".join(f"{n}. {task}" for n, task in enumerate(batch, start=1))
        draft = structured_call(
            model, prompt, OutcomesDraft, {"count": str(len(batch)), "tasks": listing}, deadline_s=deadline_s
        )
        by_number = {d.number: d for d in draft.items}
        for n, task in enumerate(batch, start=1):
            answer = by_number.get(n)
            if answer is None or not answer.outcome.strip():
                warnings.append(f"Task {offset + n}: the model gave no outcome; the offline rules wrote this one.")
                items.append(offline_outcome(task))
                continue
            item, item_warnings = _checked(offset + n, task, answer)
            items.append(item)
            warnings.extend(item_warnings)
    return OutcomesResult(engine="llm", items=items, warnings=warnings, model=model_name, prompt_hash=prompt.hash)


def _checked(number: int, task: str, answer: DraftOutcome) -> tuple[OutcomeItem, list[str]]:
    """The model's item after the post-checks both engines share: facts kept, none invented, a question asked."""
    warnings = []
    outcome = " ".join(answer.outcome.split())
    # The honest label is coach's own wording; its "not" is not a fact of the task.
    check = compare(task, outcome.removesuffix(f" — {NOT_STATED}"))
    if check.missing:
        warnings.append(f"Task {number}: the outcome drops {', '.join(check.missing)} — check it against the task.")
    if check.added:
        warnings.append(
            f"Task {number}: the outcome states {', '.join(check.added)}, which the task does not — "
            "remove it unless it is true."
        )
    question = (answer.question or "").strip() or None
    if answer.activity_only and question is None:
        question = question_for(task)
    if not answer.activity_only:
        question = None
    item = OutcomeItem(task=task, outcome=outcome, activity_only=answer.activity_only, question=question)
    return item, warnings
