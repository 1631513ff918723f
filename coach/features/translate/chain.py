"""Translate's LLM chain: prompts/translate.yaml asked for a `TranslationDraft` (the output schema)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coach.readers import Reader


class DraftChange(BaseModel):
    """One edit the model made, so the user can see (and learn from) what changed."""

    model_config = ConfigDict(extra="forbid")

    before: str = Field(description="The original wording, copied exactly from the text.")
    after: str = Field(description="The wording used in the rewrite instead.")
    reason: str = Field(description="Why this audience needs the new wording, in one short sentence.")


class TranslationDraft(BaseModel):
    """The model's rewrite of a technical text for one audience (before coach's own post-checks)."""

    model_config = ConfigDict(extra="forbid")

    rewrite: str = Field(
        description="The text rewritten for the audience: business impact first, concise, in their terms, "
        "with every number, name, ticket ID and negation kept exactly."
    )
    changes: list[DraftChange] = Field(description="The main edits, in the order they appear in the text.")
    why_it_matters: str = Field(description="One line: why this audience should care.")

    @field_validator("rewrite")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the rewrite is empty; write the rewritten text")
        return value

    @field_validator("why_it_matters")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())


def variables(text: str, audience: Reader) -> dict[str, str]:
    """The prompt's variables for one text and one audience."""
    return {"audience_name": audience.name, "audience_profile": audience.profile(), "text": text}
