"""Translate's request, draft and result: technical text rewritten for one audience."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.jargon import JargonHit
from coach.flow.results import Common
from coach.readers import Reader


class Change(BaseModel):
    """One edit and why it helps the reader."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    from_: str = Field(alias="from", description="The words in the original.")
    to: str = Field(description="What the rewrite says instead.")
    reason: str = Field(description="Why the change helps this audience.")


class Readability(BaseModel):
    """Flesch-Kincaid grade (years of schooling) of the original and of the rewrite; code is ignored."""

    model_config = ConfigDict(extra="forbid")

    before: float = Field(description="Grade of the original.")
    after: float = Field(description="Grade of the rewrite.")


class TranslateResult(Common):
    """A rewrite for one audience, with what changed, what was checked, and what still needs the writer."""

    audience: str = Field(description="Audience id (executive, sales, product, data-science, custom).")
    original: str = Field(description="The cleaned input text.")
    rewrite: str = Field(description="The text for this audience.")
    details: str = Field(default="", description="What was moved out of the rewrite, kept for a follow-up.")
    changes: list[Change] = Field(description="Each edit with its reason.")
    jargon: list[JargonHit] = Field(description="Terms in the original this audience would not know.")
    readability: Readability = Field(description="Reading grade before and after.")
    why_it_matters: str | None = Field(default=None, description="One line on the business impact, when known.")


@dataclass(frozen=True)
class TranslateRequest:
    """A cleaned text and the reader it is for."""

    text: str
    audience: Reader


@dataclass(frozen=True)
class TranslateDraft:
    """What either engine wrote, before the post-checks."""

    rewrite: str
    changes: list[Change]
    why_it_matters: str | None = None
    details: str = ""
