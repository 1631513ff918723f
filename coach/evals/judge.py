"""L2: an LLM judge answers yes/no per rubric criterion (structured output, temperature 0).

A judge answer that does not parse, skips a criterion or fails after retries is an *error* for every criterion
of the case — never a pass. The judge prompt's hash is pinned in the report (`run.prompts.judge`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.errors import CoachError
from coach.evals.graders import GradeResult
from coach.evals.schema import Case, source_text

if TYPE_CHECKING:  # LangChain loads only when a judge is used: offline runs stay fast to start
    from langchain_core.language_models import BaseChatModel

    from coach.model.prompts import PromptSpec

PROMPT_NAME = "judge"


class CriterionVerdict(BaseModel):
    """The judge's verdict on one criterion."""

    model_config = ConfigDict(extra="forbid")

    criterion: int = Field(ge=1, description="The criterion's number, as given.")
    reason: str = Field(description="One sentence of evidence from the rewrite, written before the answer.")
    answer: Literal["yes", "no"] = Field(description="yes only if the rewrite clearly meets the criterion.")


class JudgeVerdict(BaseModel):
    """One verdict per criterion."""

    model_config = ConfigDict(extra="forbid")

    verdicts: list[CriterionVerdict] = Field(description="One verdict per numbered criterion, in order.")


def judge_prompt() -> PromptSpec:
    from coach.model.prompts import load_prompt

    return load_prompt(PROMPT_NAME)


def numbered(criteria: tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {c}" for i, c in enumerate(criteria, 1))


def audience_label(case: Case) -> str:
    return case.audience or getattr(case, "persona", None) or "general business reader"


def criterion_name(i: int) -> str:
    return f"judge.{i}"


def ask_judge(model: BaseChatModel, case: Case, answer: str, *, deadline_s: float) -> JudgeVerdict:
    """The judge's raw verdict; raises `ModelError` when it cannot be had after the model seam's retries."""
    from coach.model.seam import structured_call

    return structured_call(
        model,
        judge_prompt(),
        JudgeVerdict,
        {
            "audience": audience_label(case),
            "criteria": numbered(case.rubric),
            "source": source_text(case),
            "answer": answer,
        },
        deadline_s=deadline_s,
    )


def verdict_results(case: Case, verdict: JudgeVerdict) -> list[GradeResult]:
    """One GradeResult per criterion; a verdict not covering each criterion exactly once is an error."""
    n = len(case.rubric)
    numbers = sorted(v.criterion for v in verdict.verdicts)
    if numbers != list(range(1, n + 1)):
        return judge_errors(case, f"judge answered criteria {numbers}, expected 1..{n} once each")
    by_number = {v.criterion: v for v in verdict.verdicts}
    return [
        GradeResult(
            criterion_name(i),
            "pass" if by_number[i].answer == "yes" else "fail",
            f"{criterion}: {by_number[i].answer} — {by_number[i].reason}",
            case.severity,
            "L2",
        )
        for i, criterion in enumerate(case.rubric, 1)
    ]


def judge_errors(case: Case, detail: str) -> list[GradeResult]:
    return [
        GradeResult(criterion_name(i), "error", detail, case.severity, "L2") for i in range(1, len(case.rubric) + 1)
    ]


def judge_skipped(case: Case, why: str) -> list[GradeResult]:
    return [GradeResult(criterion_name(i), "skipped", why, case.severity, "L2") for i in range(1, len(case.rubric) + 1)]


def judge_case(model: BaseChatModel, case: Case, answer: str, *, deadline_s: float) -> list[GradeResult]:
    """L2 on one answer: pass/fail per criterion, or error for all of them when the judge fails."""
    if not case.rubric:
        return []
    try:
        verdict = ask_judge(model, case, answer, deadline_s=deadline_s)
    except CoachError as exc:
        return judge_errors(case, f"judge failed: {exc}")
    return verdict_results(case, verdict)
