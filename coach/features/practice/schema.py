"""Practice's results: a scored answer (DESIGN.md: `coach practice score`), and a role-play session with its debrief."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.features.practice.data import CRITERIA, Criterion, Gap
from coach.flow.results import Common, Engine

JudgedBy = Literal["rules", "model"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Scores(_Strict):
    """One score per rubric criterion, 1 (poor) to 5 (strong)."""

    clarity: int = Field(ge=1, le=5, description="Can the listener follow it at first hearing.")
    business_impact: int = Field(ge=1, le=5, description="Says what the news means for this listener's business.")
    concision: int = Field(ge=1, le=5, description="Fits the listener's length budget.")
    jargon: int = Field(ge=1, le=5, description="Free of terms this persona would not know (or explains them).")
    answers_question: int = Field(ge=1, le=5, description="Answers what was asked, with what the listener needs.")
    honest_confidence: int = Field(ge=1, le=5, description="Says how sure, without overclaiming or hiding.")

    def get(self, key: Criterion) -> int:
        value: int = getattr(self, key)
        return value


class JudgedByMap(_Strict):
    """Who scored each criterion: rules (the same code in both engines) or the model."""

    clarity: JudgedBy = Field(description="Who scored clarity.")
    business_impact: JudgedBy = Field(description="Who scored business impact.")
    concision: JudgedBy = Field(description="Who scored concision.")
    jargon: JudgedBy = Field(description="Who scored jargon.")
    answers_question: JudgedBy = Field(description="Who scored answers the question.")
    honest_confidence: JudgedBy = Field(description="Who scored honest confidence.")


class Feedback(_Strict):
    """One criterion's score with its evidence, quoted from the answer, and how to do better."""

    criterion: Criterion = Field(description="The rubric criterion.")
    score: int = Field(ge=1, le=5, description="1 (poor) to 5 (strong).")
    judged_by: JudgedBy = Field(description="rules or model.")
    quote: str = Field(description="Words quoted from the answer that show it ('' when there is nothing to quote).")
    why: str = Field(description="Why this score, and what would raise it.")


class Measured(_Strict):
    """What the rules measured (the same in both engines)."""

    jargon: list[str] = Field(description="Terms this persona would not know, left unexplained.")
    words: int = Field(ge=0, description="Words in the answer.")
    max_words: int = Field(ge=1, description="The persona's word budget (prompts/readers.yaml).")
    sentences: int = Field(ge=0, description="Sentences in the answer.")
    max_sentences: int = Field(ge=1, description="The persona's sentence budget.")
    numbers: list[str] = Field(description="Figures, amounts and dates the answer states.")
    outcome: bool = Field(description="The answer states a result, not only activity.")
    outcome_first: bool = Field(description="Its first sentence carries the outcome, an impact or a date.")
    overclaims: list[str] = Field(description="Words claiming more than evidence gives (coach.analysis.overclaim).")
    hedges: list[str] = Field(description="Hedges hiding a clear result.")
    ignored: list[str] = Field(description="Sentences addressed to the scorer, taken out before scoring.")


class Stability(_Strict):
    """`--repeat N`: the same answer scored N times, and how far the scores moved."""

    runs: int = Field(ge=1, description="How many times the answer was scored.")
    overall: list[float] = Field(description="The overall score of each run.")
    spread: dict[Criterion, int] = Field(description="Highest minus lowest score per criterion.")
    overall_spread: float = Field(ge=0, description="Highest minus lowest overall score.")


class PracticeResult(Common):
    """One answer to a stakeholder's question, scored against the pinned rubric."""

    persona: str = Field(description="Who asked (a practice persona of prompts/readers.yaml).")
    scenario: str | None = Field(description="The scenario the question belongs to; None for a free question.")
    question: str = Field(description="What the persona asked.")
    answer: str = Field(description="The user's answer, as given.")
    rubric_version: int = Field(description="The version of prompts/practice_rubric.yaml these scores use.")
    scores: Scores = Field(description="One score per criterion, 1–5.")
    judged_by: JudgedByMap = Field(description="Who scored each criterion: rules or model.")
    overall: float = Field(ge=1, le=5, description="The rubric's weighted mean of the scores, one decimal.")
    evidence: list[str] = Field(description="'criterion (score): \"quote\" — why', one per criterion.")
    better_answer: str = Field(description="A stronger answer to compare with; states no fact the answer does not.")
    feedback: list[Feedback] = Field(description="Each criterion's score, quote and advice.")
    gaps: list[Gap] = Field(description="What the answer lacked, most important first (drives follow-ups).")
    measured: Measured = Field(description="What the rules measured, the same in both engines.")
    stability: Stability | None = Field(default=None, description="With --repeat N: the spread over N scorings.")


class Turn(_Strict):
    """One message of a role-play."""

    role: Literal["persona", "user"] = Field(description="Who said it.")
    text: str = Field(description="What they said.")
    gap: Gap | None = Field(default=None, description="For a persona's follow-up: what the last answer lacked.")
    result: PracticeResult | None = Field(default=None, description="For a user's answer: its score.")


class Debrief(_Strict):
    """The end of a session: scores across the answers, what went well, what to do differently."""

    rubric_version: int = Field(description="The rubric version the scores use.")
    scores: Scores = Field(description="Each criterion's mean over the session's answers, rounded.")
    overall: float = Field(ge=1, le=5, description="The mean overall score of the answers, one decimal.")
    went_well: list[str] = Field(description="The strongest criteria, with a quote.")
    do_differently: list[str] = Field(description="The weakest criteria, with what to do next time.")
    had_to_ask: list[str] = Field(description="What the persona had to ask for: what the first answer lacked.")
    better_answer: str = Field(description="A stronger answer to the opening question, from the user's own facts.")


class PracticeSession(_Strict):
    """A role-play: the persona opens with the scenario's question, follows up, and the session ends in a debrief."""

    id: int | None = Field(default=None, description="Its id in the store; None when not saved.")
    created_at: datetime | None = Field(default=None, description="When it started (UTC).")
    persona: str = Field(description="Who asks.")
    scenario: str = Field(description="The scenario's id.")
    title: str = Field(description="The scenario's title.")
    situation: str = Field(description="What the user is facing.")
    engine: Engine = Field(description="The engine that scores and plays the persona.")
    rubric_version: int = Field(description="The rubric version of its scores.")
    max_answers: int = Field(ge=1, le=10, description="Answers before the debrief.")
    turns: list[Turn] = Field(description="The conversation so far, the persona's opening first.")
    debrief: Debrief | None = Field(default=None, description="Set when the session has ended.")

    @property
    def done(self) -> bool:
        return self.debrief is not None

    @property
    def answers(self) -> list[Turn]:
        return [t for t in self.turns if t.role == "user"]

    @property
    def question(self) -> str:
        """The persona's latest message: what the next answer answers."""
        return next(t.text for t in reversed(self.turns) if t.role == "persona")


__all__ = [
    "CRITERIA",
    "Debrief",
    "Feedback",
    "JudgedByMap",
    "Measured",
    "PracticeResult",
    "PracticeSession",
    "Scores",
    "Stability",
    "Turn",
]
