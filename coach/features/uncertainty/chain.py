"""Uncertainty's LLM chain: prompts/uncertainty.yaml asked once for an `UncertaintyDraft`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from coach.features.uncertainty.schema import Hypothesis


class UncertaintyDraft(BaseModel):
    """The model's answer: hypotheses with results and learning, honest confidence, the next decision, two texts."""

    model_config = ConfigDict(extra="forbid")

    hypotheses: list[Hypothesis] = Field(description="One per experiment in the notes, in order; failures included.")
    confidence: str = Field(description="How sure the team can be and why (split, runs, sample); no overclaim.")
    next_decision: str = Field(
        description="The next decision or experiment and when it will be known; if the notes give no date, ask "
        "by when as a question. Never invent a date."
    )
    text: str = Field(description="The update for a non-technical reader; every number of the notes kept as written.")
    text_technical: str = Field(description="The update for a technical reader, with hypotheses and metrics.")
