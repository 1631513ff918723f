"""Check my draft: the coaching half of a coach. The writer's own version of a technical text, for one reader,
checked against the original.

Both engines run the same checks (coach.features.check.findings): facts lost or added, jargon this reader won't
know, length against the reader's budget, outcome first, readability. The offline engine turns each problem
into one concrete suggestion by rules; the LLM engine asks prompts/check.yaml for suggestions, keeps those that
state no invented fact, and rule suggestions cover any problem the model left unaddressed.
"""

from __future__ import annotations

from typing import Any

from coach.errors import InputError
from coach.features.check.findings import inspect
from coach.features.check.offline import suggestions
from coach.features.check.schema import CheckDraft, CheckRequest, CheckResult, Length, Readability, Suggestion
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature
from coach.readers import Reader, get_reader
from coach.validate import clean_text

__all__ = ["FEATURE", "CheckFeature", "CheckResult", "Length", "Readability", "Suggestion"]


def _text(value: object, *, name: str, empty: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InputError(f"The {name} must be text.")
    if not value.strip():
        raise InputError(empty)
    return clean_text(value, limit=limit, what="check")


class CheckFeature(Feature[CheckRequest, CheckDraft, CheckResult]):
    name = "check"
    prompt = "check"

    def prepare(self, ctx: RunContext, **inputs: Any) -> CheckRequest:
        limit = ctx.settings.max_input_chars
        original = _text(
            inputs.get("original"),
            name="original",
            empty="The original is empty: paste the technical text your draft is a version of.",
            limit=limit,
        )
        draft = _text(
            inputs.get("draft"),
            name="draft",
            empty="Your draft is empty: write your own version of the text for the reader, then check it.",
            limit=limit,
        )
        audience = inputs.get("audience") or "executive"
        # The readers translate offers: a draft is the writer's own translation of the same text.
        reader = audience if isinstance(audience, Reader) else get_reader(str(audience), "translate")
        return CheckRequest(original=original, draft=draft, audience=reader)

    def offline(self, request: CheckRequest, ctx: RunContext) -> CheckDraft:
        return CheckDraft(suggestions=suggestions(request, inspect(request, ctx.index)), warnings=[])

    def llm(self, request: CheckRequest, ctx: RunContext) -> CheckDraft:
        from coach.features.check.chain import CheckAdvice, screen, variables

        found = inspect(request, ctx.index)
        advice = ctx.ask(self.prompt, CheckAdvice, variables(request, found))
        kept, warnings = screen(advice, request, found)
        return CheckDraft(suggestions=kept, warnings=warnings)

    def finish(self, request: CheckRequest, draft: CheckDraft, ctx: RunContext) -> CheckResult:
        found = inspect(request, ctx.index)
        return CheckResult(
            **ctx.common(found.fact_check, found.fact_warnings + draft.warnings),
            audience=request.audience.id,
            draft=request.draft,
            jargon_left=found.jargon_left,
            length=found.length,
            outcome_first=found.outcome_first,
            lead=found.lead,
            readability=found.readability,
            suggestions=complete(draft.suggestions, suggestions(request, found)),
        )


def complete(given: list[Suggestion], rules: list[Suggestion]) -> list[Suggestion]:
    """`given`, then each rule suggestion for a problem kind `given` does not address: every problem found gets a
    suggestion whichever engine wrote them (the offline engine's own list comes back unchanged)."""
    covered = {s.kind for s in given}
    return given + [s for s in rules if s.kind not in covered]


FEATURE = CheckFeature()
