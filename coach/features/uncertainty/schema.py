"""Uncertainty's result: hypotheses tested and what each taught, honest confidence, the next decision, and the
phrases that claim more (or less) than the evidence shows."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.flow.results import Common


class Hypothesis(BaseModel):
    """One idea tested, what happened, and what the team learned — failures count as learning."""

    model_config = ConfigDict(extra="forbid")

    hypothesis: str = Field(description="The idea tested, stated as a hypothesis.")
    result: str = Field(description="What happened, in the notes' own words and numbers.")
    learned: str = Field(description="What the result teaches, including from an experiment that did not pan out.")


class OverclaimItem(BaseModel):
    """A phrase of the notes whose confidence does not match its evidence (coach.analysis.overclaim)."""

    model_config = ConfigDict(extra="forbid")

    phrase: str = Field(description="The phrase, as written in the notes.")
    why: str = Field(description="Why it misleads, and what to say instead.")
    start: int = Field(ge=0, description="Where the phrase starts in the notes (character offset).")
    end: int = Field(ge=0, description="Where it ends.")
    kind: Literal["overclaim", "hedge"] = Field(
        default="overclaim", description="overclaim: more certain than the evidence; hedge: hides a clear result."
    )


class UncertaintyResult(Common):
    """ML experiment notes reframed around hypotheses, learning and the next decision."""

    hypotheses: list[Hypothesis] = Field(description="One per experiment in the notes, in order.")
    confidence: str = Field(description="How sure the team can be, stated honestly, with the reasons.")
    next_decision: str = Field(
        description="The next decision or experiment and when it will be known (a question when no date is given)."
    )
    overclaims: list[OverclaimItem] = Field(description="Phrases of the notes that overclaim or hide a result.")
    text: str = Field(description="The update for a non-technical reader.")
    text_technical: str = Field(description="The update for a technical reader.")
