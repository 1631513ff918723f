"""What a `check` eval case holds besides the common fields: the two texts, and what a careful reviewer finds in
the draft. Kept apart from coach/evals/schema.py (which assembles every case type) so that file stays short."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from coach.features.check.schema import SuggestionKind


class CheckInput(BaseModel):
    """What `coach check` is given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    original: str = Field(min_length=1, description="The technical text.")
    draft: str = Field(min_length=1, description="The writer's own version of it for the case's audience.")


class CheckReference(BaseModel):
    """What a careful human reviewer finds in the draft (hand-written); the report must find the same."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    missing: tuple[str, ...] = Field(default=(), description="Facts of the original the draft lost; () for none.")
    added: tuple[str, ...] = Field(default=(), description="Facts the draft states that the original does not.")
    jargon_left: tuple[str, ...] = Field(default=(), description="Terms left unexplained the reader won't know.")
    outcome_first: bool = Field(description="Whether the draft's first sentence states the result or impact.")
    over_budget: bool = Field(description="Whether the draft is over the reader's length budget.")
    suggest: tuple[SuggestionKind, ...] = Field(
        default=(), description="Kinds of suggestion the report must make; () means it must make none."
    )
