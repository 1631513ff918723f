"""What each feature's answer looks like (DESIGN.md contracts): the L0 shape grader validates against these.

Features may add fields (`extra="allow"`); the documented ones must be there with the right types.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from coach.features.translate.schema import TranslateResult


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")  # features may add fields; the documented ones must be right


class WeeklyShape(_Shape):
    progress: list[str]
    problems: list[str]
    plan: list[str]
    text: str


class TradeoffRowShape(_Shape):
    workstream: str
    absorb: str
    adjust: str
    decline: str


class TradeoffsShape(_Shape):
    request: str
    questions: list[str]
    options: list[str]
    rows: list[TradeoffRowShape]
    recommendation: str
    decision: str
    message: str
    markdown: str
    csv: str


class OutcomeItemShape(_Shape):
    task: str
    outcome: str
    activity_only: bool
    question: str | None = None


class OutcomesShape(_Shape):
    engine: Literal["offline", "llm"]
    items: list[OutcomeItemShape]


class HypothesisShape(_Shape):
    hypothesis: str
    result: str
    learned: str


class OverclaimShape(_Shape):
    phrase: str
    why: str


class UncertaintyShape(_Shape):
    hypotheses: list[HypothesisShape]
    confidence: str
    next_decision: str
    overclaims: list[OverclaimShape]
    text: str
    text_technical: str


class PracticeShape(_Shape):
    rubric_version: int | str
    scores: dict[str, int]
    overall: float
    evidence: list[str]
    better_answer: str


class CheckLengthShape(_Shape):
    words: int
    budget: int


class CheckShape(_Shape):
    engine: Literal["offline", "llm"]
    audience: str
    fact_check: dict[str, object]
    jargon_left: list[dict[str, object]]
    length: CheckLengthShape
    outcome_first: bool
    readability: dict[str, float]
    suggestions: list[dict[str, object]]


SHAPES: dict[str, type[BaseModel]] = {
    "translate": TranslateResult,
    "weekly": WeeklyShape,
    "tradeoffs": TradeoffsShape,
    "outcomes": OutcomesShape,
    "uncertainty": UncertaintyShape,
    "practice": PracticeShape,
    "check": CheckShape,
}
