"""L3: pairwise comparison of two answers to the same case (two prompt versions, or two models).

Each pair is judged twice, A/B and then B/A. A side wins only when both orders pick it; any disagreement
(position bias) or a tie in either order is a tie, and a judge failure is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict, Field

from coach.errors import CoachError
from coach.evals.judge import audience_label, numbered
from coach.evals.schema import Case, source_text
from coach.model.prompts import PromptSpec, load_prompt
from coach.model.seam import structured_call

PROMPT_NAME = "judge_pairwise"
Outcome = Literal["base", "new", "tie", "error"]


class PairVerdict(BaseModel):
    """Which of two rewrites serves the audience better."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(description="One or two sentences, written before the verdict.")
    winner: Literal["A", "B", "tie"] = Field(description="The better rewrite, or tie.")


@dataclass(frozen=True, slots=True)
class PairResult:
    case_id: str
    outcome: Outcome
    detail: str


def pairwise_prompt() -> PromptSpec:
    return load_prompt(PROMPT_NAME)


def _ask(model: BaseChatModel, case: Case, a: str, b: str, deadline_s: float) -> PairVerdict:
    return structured_call(
        model,
        pairwise_prompt(),
        PairVerdict,
        {
            "audience": audience_label(case),
            "criteria": numbered(case.rubric) or "1. Serves the audience best.",
            "source": source_text(case),
            "answer_a": a,
            "answer_b": b,
        },
        deadline_s=deadline_s,
    )


def decide(first: Literal["A", "B", "tie"], second: Literal["A", "B", "tie"]) -> Outcome:
    """`first` judged (base=A, new=B); `second` judged (new=A, base=B). A win needs both orders to agree."""
    in_first = {"A": "base", "B": "new", "tie": "tie"}[first]
    in_second = {"A": "new", "B": "base", "tie": "tie"}[second]
    if in_first == in_second and in_first != "tie":
        return "base" if in_first == "base" else "new"
    return "tie"


def compare_pair(model: BaseChatModel, case: Case, base: str, new: str, *, deadline_s: float) -> PairResult:
    """Judge `base` against `new` in both orders."""
    try:
        first = _ask(model, case, base, new, deadline_s)
        second = _ask(model, case, new, base, deadline_s)
    except CoachError as exc:
        return PairResult(case.id, "error", f"judge failed: {exc}")
    outcome = decide(first.winner, second.winner)
    agree = "orders agree" if outcome != "tie" or (first.winner == second.winner == "tie") else "orders disagree"
    return PairResult(case.id, outcome, f"{agree}: A/B → {first.winner}, B/A → {second.winner}")
