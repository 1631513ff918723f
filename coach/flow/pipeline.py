"""What a feature is: three steps the pipeline runs in order, the same for every feature.

    prepare(inputs) → request        validate what the user gave (InputError with a clear message)
    offline(request) | llm(request)  → draft: the engine chosen by settings writes a typed draft
    finish(request, draft)           → result: the shared post-checks, then the feature's result model

`finish` never knows which engine wrote the draft: both engines go through the same checks and end in the same
result model (whose common fields come from `RunContext.common`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Generic, TypeVar

from coach.flow.context import RunContext
from coach.flow.results import Common

Req = TypeVar("Req")
Draft = TypeVar("Draft")
Res = TypeVar("Res", bound=Common)


class Feature(ABC, Generic[Req, Draft, Res]):
    """One capability of coach; subclasses live in coach/features/<name>/ and are listed in coach/registry.py."""

    name: ClassVar[str]
    prompt: ClassVar[str | None]
    """prompts/<name>.yaml, the LLM engine's prompt file (None: the feature never asks a model)."""

    @abstractmethod
    def prepare(self, ctx: RunContext, **inputs: Any) -> Req:
        """The validated request; InputError when the inputs cannot be used."""

    @abstractmethod
    def offline(self, request: Req, ctx: RunContext) -> Draft:
        """The draft written by deterministic rules."""

    @abstractmethod
    def llm(self, request: Req, ctx: RunContext) -> Draft:
        """The draft written by the model (through `ctx.ask` / `ctx.ask_many`)."""

    @abstractmethod
    def finish(self, request: Req, draft: Draft, ctx: RunContext) -> Res:
        """The result: the shared post-checks run on `draft`, whichever engine wrote it."""


def run(feature: Feature[Req, Draft, Res], ctx: RunContext, **inputs: Any) -> Res:
    """The one flow: validate → engine → post-checks → result."""
    request = feature.prepare(ctx, **inputs)
    draft = feature.llm(request, ctx) if ctx.engine == "llm" else feature.offline(request, ctx)
    return feature.finish(request, draft, ctx)
