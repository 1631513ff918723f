"""The fields every result carries, whichever feature and engine produced it (DESIGN.md: common fields)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.facts import FactCheck

Engine = Literal["offline", "llm"]
"""offline: deterministic rules shipped with coach; llm: a language model behind an OpenAI-compatible endpoint."""


class PromptRef(BaseModel):
    """Which prompt file the LLM engine used; an edited prompt shows up as a new hash."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="The prompt file, prompts/<name>.yaml.")
    version: int = Field(description="The version written in the file.")
    hash: str = Field(description="Short content hash of the file.")


class Common(BaseModel):
    """The common fields; each feature's result extends this model with its own."""

    model_config = ConfigDict(extra="forbid", serialize_by_alias=True)

    engine: Engine = Field(description="offline: rule-based; llm: written by a language model.")
    model: str | None = Field(default=None, description="The model that wrote it (llm engine).")
    prompt: PromptRef | None = Field(default=None, description="The prompt file used (llm engine).")
    fact_check: FactCheck = Field(description="Facts of the input missing from, or added in, the result.")
    warnings: list[str] = Field(description="What the writer should fix or check before sending.")
    cached: bool = Field(default=False, description="True when every model answer came from the cache.")
