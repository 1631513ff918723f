"""Translate technical text for an audience: the result schema and the flow both engines share."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.facts import FactCheck
from coach.analysis.jargon import JargonHit, JargonIndex, find_jargon
from coach.analysis.readability import grade
from coach.audiences import Audience
from coach.postchecks import review
from coach.translate_offline import rewrite as offline_rewrite

Engine = Literal["offline", "llm"]


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


class TranslateResult(BaseModel):
    """A rewrite for one audience, with what changed, what was checked, and what still needs the writer."""

    model_config = ConfigDict(extra="forbid", serialize_by_alias=True)

    engine: Engine = Field(description="offline: rule-based rewrite; llm: written by a language model.")
    audience: str = Field(description="Audience id (executive, sales, product, data-science, custom).")
    original: str = Field(description="The cleaned input text.")
    rewrite: str = Field(description="The text for this audience.")
    changes: list[Change] = Field(description="Each edit with its reason.")
    jargon: list[JargonHit] = Field(description="Terms in the original this audience would not know.")
    fact_check: FactCheck = Field(description="Facts of the original missing from, or added in, the rewrite.")
    readability: Readability = Field(description="Reading grade before and after.")
    why_it_matters: str | None = Field(default=None, description="One line on the business impact, when known.")
    warnings: list[str] = Field(description="What the writer should fix or check before sending.")
    model: str | None = Field(default=None, description="The model that wrote it (llm engine).")
    prompt_hash: str | None = Field(default=None, description="Hash of the prompt file used (llm engine).")


def offline_translate(text: str, audience: Audience, index: JargonIndex) -> TranslateResult:
    """Rewrite with the offline rules; deterministic, and no number is ever changed."""
    draft = offline_rewrite(text, audience, index)
    changes = [Change(from_=c.before, to=c.after, reason=c.reason) for c in draft.changes]
    return finish(text, draft.rewrite, audience, index, engine="offline", changes=changes)


def finish(
    original: str,
    rewritten: str,
    audience: Audience,
    index: JargonIndex,
    *,
    engine: Engine,
    changes: list[Change],
    why_it_matters: str | None = None,
    model: str | None = None,
    prompt_hash: str | None = None,
) -> TranslateResult:
    """Run the post-checks shared by both engines and assemble the result."""
    check, warnings = review(original, rewritten, audience, index)
    return TranslateResult(
        engine=engine,
        audience=audience.id,
        original=original,
        rewrite=rewritten,
        changes=changes,
        jargon=find_jargon(original, audience, index),
        fact_check=check,
        readability=Readability(before=grade(original), after=grade(rewritten)),
        why_it_matters=why_it_matters,
        warnings=warnings,
        model=model,
        prompt_hash=prompt_hash,
    )
