"""Translate: technical text → words an executive, sales leader, product manager or data scientist acts on."""

from __future__ import annotations

from typing import Any

from coach.analysis.jargon import find_jargon
from coach.analysis.readability import grade
from coach.errors import InputError
from coach.features.translate.schema import Change, Readability, TranslateDraft, TranslateRequest, TranslateResult
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature
from coach.flow.postchecks import review
from coach.readers import Reader, get_audience
from coach.validate import clean_text

__all__ = ["FEATURE", "Change", "Readability", "TranslateFeature", "TranslateResult", "as_reader"]


def as_reader(audience: str | Reader) -> Reader:
    return audience if isinstance(audience, Reader) else get_audience(audience)


class TranslateFeature(Feature[TranslateRequest, TranslateDraft, TranslateResult]):
    name = "translate"
    prompt = "translate"

    def prepare(self, ctx: RunContext, **inputs: Any) -> TranslateRequest:
        text, audience = inputs["text"], inputs.get("audience", "executive")
        if not isinstance(text, str):
            raise InputError("The text to translate must be a string.")
        reader = as_reader(audience)
        return TranslateRequest(clean_text(text, limit=ctx.settings.max_input_chars, what="translate"), reader)

    def offline(self, request: TranslateRequest, ctx: RunContext) -> TranslateDraft:
        from coach.features.translate.offline import rewrite

        draft = rewrite(request.text, request.audience, ctx.index)
        changes = [Change(from_=c.before, to=c.after, reason=c.reason) for c in draft.changes]
        return TranslateDraft(
            rewrite=draft.rewrite, changes=changes, why_it_matters=draft.why_it_matters, details=draft.details
        )

    def llm(self, request: TranslateRequest, ctx: RunContext) -> TranslateDraft:
        from coach.features.translate.chain import TranslationDraft, variables

        draft = ctx.ask(self.prompt, TranslationDraft, variables(request.text, request.audience))
        changes = [Change(from_=c.before, to=c.after, reason=c.reason) for c in draft.changes]
        return TranslateDraft(rewrite=draft.rewrite, changes=changes, why_it_matters=draft.why_it_matters or None)

    def finish(self, request: TranslateRequest, draft: TranslateDraft, ctx: RunContext) -> TranslateResult:
        check, warnings = review(request.text, draft.rewrite, request.audience, ctx.index, details=draft.details)
        return TranslateResult(
            **ctx.common(check, warnings),
            audience=request.audience.id,
            original=request.text,
            rewrite=draft.rewrite,
            details=draft.details,
            changes=draft.changes,
            jargon=find_jargon(request.text, request.audience, ctx.index),
            readability=Readability(before=grade(request.text), after=grade(draft.rewrite)),
            why_it_matters=draft.why_it_matters,
        )


FEATURE = TranslateFeature()
