"""Check's request, findings and result: a writer's own draft checked against the original, for one reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.jargon import JargonHit
from coach.flow.results import Common
from coach.readers import Reader

SuggestionKind = Literal["facts", "jargon", "length", "outcome_first", "readability", "wording", "rewrite"]
"""What a suggestion fixes: one kind per check, plus `wording` (words this reader finds empty) and `rewrite`
(the draft is still the original)."""


class Suggestion(BaseModel):
    """One concrete thing to change in the draft."""

    model_config = ConfigDict(extra="forbid")

    kind: SuggestionKind = Field(description="Which check it answers (facts, jargon, length, outcome_first, ...).")
    text: str = Field(min_length=1, description="What to change, concretely, in one or two sentences.")
    by: Literal["rules", "model"] = Field(description="rules: coach's own checks; model: the LLM engine.")


class Length(BaseModel):
    """The draft's length against the reader's budget (prompts/readers.yaml)."""

    model_config = ConfigDict(extra="forbid")

    words: int = Field(ge=0, description="Words in the draft.")
    budget: int = Field(ge=1, description="The reader's budget in words (max_words).")
    sentences: int = Field(ge=0, description="Sentences in the draft.")
    sentence_budget: int = Field(ge=1, description="The reader's budget in sentences (max_sentences).")
    over: bool = Field(description="True when the draft is over either budget.")


class Readability(BaseModel):
    """Flesch-Kincaid grade (years of schooling) of the original and of the draft; code is ignored."""

    model_config = ConfigDict(extra="forbid")

    before: float = Field(description="Grade of the original.")
    after: float = Field(description="Grade of the draft.")


class CheckResult(Common):
    """A writer's own version of a technical text, checked for one reader; `fact_check` compares it with the
    original (what the draft lost, what it states that the original does not)."""

    audience: str = Field(description="Reader id (executive, sales, product, data-science, custom).")
    draft: str = Field(description="The cleaned draft; `jargon_left` offsets point into it.")
    jargon_left: list[JargonHit] = Field(description="Terms in the draft this reader won't know, left unexplained.")
    length: Length = Field(description="Words and sentences against the reader's budget.")
    outcome_first: bool = Field(description="True when the draft's first sentence states a result or impact.")
    lead: str = Field(description="The draft's first sentence (a greeting line skipped), as judged.")
    readability: Readability = Field(description="Reading grade of the original and of the draft.")
    suggestions: list[Suggestion] = Field(description="One per problem found, most important first; [] if none.")


@dataclass(frozen=True)
class CheckRequest:
    """The cleaned original and draft, and the reader the draft is for."""

    original: str
    draft: str
    audience: Reader


@dataclass(frozen=True)
class CheckDraft:
    """What an engine wrote: its suggestions (the checks themselves are the post-checks, the same for both)."""

    suggestions: list[Suggestion]
    warnings: list[str]
    """What the engine itself noticed (a model suggestion dropped for stating an invented fact)."""
