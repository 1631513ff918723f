"""What the fact check reports: the facts of one text, and the outcome of comparing two."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FactKind = Literal[
    "number", "percent", "money", "duration", "date", "time", "range", "ticket", "name", "negation", "version"
]


class Fact(BaseModel):
    """One fact found in a text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FactKind = Field(description="What sort of fact this is.")
    text: str = Field(description="The fact exactly as written in the source text.")
    key: str = Field(
        description="Normalised identity used for comparison, e.g. 'duration:0.8s', 'money:USD:460000000'."
    )
    start: int = Field(ge=0, description="Offset of the fact's first character in the source text.")
    end: int = Field(ge=0, description="Offset just past the fact's last character in the source text.")


class FactCheck(BaseModel):
    """The outcome of comparing the facts of an original with those of its rewrite."""

    model_config = ConfigDict(extra="forbid")

    ok: bool = Field(description="True when no fact is missing from the rewrite and none was added.")
    missing: list[str] = Field(description="Facts of the original absent from the rewrite, as the original wrote them.")
    added: list[str] = Field(description="Facts in the rewrite absent from the original, as the rewrite wrote them.")
