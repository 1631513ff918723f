"""Outcomes: a task list in, one outcome statement per task out — or the question that would make one.

"Completed JIRA-123" says what was done; an outcome says what changed, for whom, with what result. The offline
rules restructure the user's own words and never invent a result; the LLM engine asks prompts/outcomes.yaml in
batches. Both end in the same per-task fact check: a statement that drops or adds a fact is flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.analysis.activity import question_for
from coach.analysis.facts import FactCheck
from coach.features.outcomes.offline import NOT_STATED, offline_outcome
from coach.features.outcomes.parse import MAX_TASKS, parse_tasks, strip_bullet
from coach.features.outcomes.schema import OutcomeItem, OutcomesResult
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature
from coach.flow.postchecks import check_facts

__all__ = ["FEATURE", "MAX_TASKS", "OutcomeItem", "OutcomesFeature", "OutcomesResult", "parse_tasks", "strip_bullet"]


@dataclass(frozen=True)
class OutcomesRequest:
    tasks: list[str]
    warnings: list[str]
    """What reading the list found (duplicates)."""


Draft = list[OutcomeItem | None]
"""One item per task; None where the engine gave none (the offline rules then write it)."""


class OutcomesFeature(Feature[OutcomesRequest, Draft, OutcomesResult]):
    name = "outcomes"
    prompt = "outcomes"

    def prepare(self, ctx: RunContext, **inputs: Any) -> OutcomesRequest:
        tasks, warnings = parse_tasks(inputs["tasks"])
        return OutcomesRequest(tasks, warnings)

    def offline(self, request: OutcomesRequest, ctx: RunContext) -> Draft:
        return [offline_outcome(task) for task in request.tasks]

    def llm(self, request: OutcomesRequest, ctx: RunContext) -> Draft:
        from coach.features.outcomes.chain import OutcomesDraft, batches, by_task

        drafts = ctx.ask_many(self.prompt, OutcomesDraft, batches(request.tasks))
        items: Draft = []
        for task, answer in zip(request.tasks, by_task(request.tasks, drafts), strict=True):
            if answer is None:
                items.append(None)
                continue
            question = (answer.question or "").strip() or None
            if answer.activity_only and question is None:
                question = question_for(task)
            outcome = " ".join(answer.outcome.split())
            items.append(
                OutcomeItem(
                    task=task,
                    outcome=outcome,
                    activity_only=answer.activity_only,
                    question=question if answer.activity_only else None,
                )
            )
        return items

    def finish(self, request: OutcomesRequest, draft: Draft, ctx: RunContext) -> OutcomesResult:
        items: list[OutcomeItem] = []
        warnings = list(request.warnings)
        missing: list[str] = []
        added: list[str] = []
        for number, (task, item) in enumerate(zip(request.tasks, draft, strict=True), start=1):
            if item is None:
                warnings.append(f"Task {number}: the model gave no outcome; the offline rules wrote this one.")
                item = offline_outcome(task)
            # The honest label is coach's own wording; its "not" is not a fact of the task.
            outcome = item.outcome.removesuffix(f" — {NOT_STATED}")
            check, fact_warnings = check_facts(task, outcome, source_name=f"task {number}", answer_name="its outcome")
            warnings += fact_warnings
            missing += check.missing
            added += check.added
            items.append(item)
        fact_check = FactCheck(ok=not missing and not added, missing=missing, added=added)
        return OutcomesResult(**ctx.common(fact_check, warnings), items=items)


def tasks_of(text_or_lines: str | Sequence[str]) -> list[str]:
    """The tasks of a list, as the feature reads them."""
    return parse_tasks(text_or_lines)[0]


FEATURE = OutcomesFeature()
