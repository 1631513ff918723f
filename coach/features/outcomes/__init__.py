"""Outcomes: a task list in, one outcome statement per task out — or the question that would make one.

"Completed JIRA-123" says what was done; an outcome says what changed, for whom, with what result. The offline
rules restructure the user's own words result-first, in plain words, and never invent a result; the LLM engine
asks prompts/outcomes.yaml in batches. In both engines a task's status is read from its markers (WIP, 🟡,
"blocked", a check box …): work not done yet gets "when will it land, what blocks it?", and only done work with
a stated result is a *finished* statement (the copy box holds those). Both end in the same per-task fact check:
a statement that drops or adds a fact is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.analysis.activity import assess, question_for
from coach.analysis.facts import FactCheck
from coach.features.outcomes.offline import NOT_STATED, offline_items
from coach.features.outcomes.parse import MAX_TASKS, parse_tasks, read_list, strip_bullet
from coach.features.outcomes.questions import Asker
from coach.features.outcomes.schema import OutcomeItem, OutcomesResult
from coach.features.outcomes.status import Box, is_to_do_list, status_of
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature
from coach.flow.postchecks import check_facts

__all__ = ["FEATURE", "MAX_TASKS", "OutcomeItem", "OutcomesFeature", "OutcomesResult", "parse_tasks", "strip_bullet"]

# The label older prompts and models put on a restated activity: the status fields say it now.
_LABEL = re.compile(rf"\s*[—–-]+\s*{re.escape(NOT_STATED)}[.!]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class OutcomesRequest:
    tasks: list[str]
    boxes: list[Box | None]
    """Each task's check box ("[ ]" open, "[x]" ticked), read before the list markup was dropped."""
    warnings: list[str]
    """What reading the list found (duplicates)."""


Draft = list[OutcomeItem | None]
"""One item per task; None where the engine gave none (the offline rules then write it)."""


class OutcomesFeature(Feature[OutcomesRequest, Draft, OutcomesResult]):
    name = "outcomes"
    prompt = "outcomes"

    def prepare(self, ctx: RunContext, **inputs: Any) -> OutcomesRequest:
        tasks, boxes, warnings = read_list(inputs["tasks"])
        return OutcomesRequest(tasks, boxes, warnings)

    def offline(self, request: OutcomesRequest, ctx: RunContext) -> Draft:
        return list(offline_items(request.tasks, request.boxes, ctx.index))

    def llm(self, request: OutcomesRequest, ctx: RunContext) -> Draft:
        from coach.features.outcomes.chain import OutcomesDraft, batches, by_task

        drafts = ctx.ask_many(self.prompt, OutcomesDraft, batches(request.tasks))
        to_do = is_to_do_list(request.tasks)
        asker = Asker()
        items: Draft = []
        answers = by_task(request.tasks, drafts)
        for task, box, answer in zip(request.tasks, request.boxes, answers, strict=True):
            if answer is None:
                items.append(None)
                continue
            # The status is read by the same rules in both engines: a model's "done" does not finish a WIP task.
            status = status_of(task, box, states_result=not answer.activity_only, to_do_list=to_do)
            question = (answer.question or "").strip() or None
            needs_answer = answer.activity_only or status in ("in_progress", "blocked", "planned")
            if needs_answer and question is None:
                question = asker.ask(task, status, assess(task)) or question_for(task)
            items.append(
                OutcomeItem(
                    task=task,
                    outcome=" ".join(_LABEL.sub("", answer.outcome).split()),
                    activity_only=answer.activity_only,
                    question=question if needs_answer else None,
                    status=status,
                    finished=not needs_answer,
                )
            )
        return items

    def finish(self, request: OutcomesRequest, draft: Draft, ctx: RunContext) -> OutcomesResult:
        items: list[OutcomeItem] = []
        warnings = list(request.warnings)
        missing: list[str] = []
        added: list[str] = []
        fallback: list[OutcomeItem] | None = None
        for number, (task, item) in enumerate(zip(request.tasks, draft, strict=True), start=1):
            if item is None:
                warnings.append(f"Task {number}: the model gave no outcome; the offline rules wrote this one.")
                if fallback is None:  # read as a list, so statuses and wordings are those of the whole list
                    fallback = offline_items(request.tasks, request.boxes, ctx.index)
                item = fallback[number - 1]
            check, fact_warnings = check_facts(
                task, item.outcome, source_name=f"task {number}", answer_name="its outcome"
            )
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
