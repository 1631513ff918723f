"""Check's LLM chain: prompts/check.yaml asked once for `CheckAdvice`, the model's suggestions on the draft.

The model is given the checks' findings (coach.features.check.findings) and explains how to fix them, in the
writer's own words; it does not re-check facts, coach does. A suggestion that states a figure, date or name
neither text states is dropped, so following the model's advice never puts an invented fact into the draft.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coach.analysis.facts import FactCheck, compare, extract_facts
from coach.features.check.findings import Findings, summary
from coach.features.check.schema import CheckRequest, Suggestion, SuggestionKind

MAX_MODEL_SUGGESTIONS = 8


class ModelSuggestion(BaseModel):
    """One suggestion from the model."""

    model_config = ConfigDict(extra="forbid")

    kind: SuggestionKind = Field(
        description="What it fixes: facts, jargon, length, outcome_first, readability, wording (empty or "
        "off-putting words for this reader), or rewrite (the draft is still the original)."
    )
    text: str = Field(
        min_length=1,
        description="What to change, concretely, quoting the draft's words; one or two sentences. Use only "
        "facts (numbers, names, dates) the original states.",
    )

    @field_validator("text")
    @classmethod
    def _one_paragraph(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("the suggestion is empty; write what to change")
        return value


class CheckAdvice(BaseModel):
    """The model's coaching on a writer's draft (before coach screens it)."""

    model_config = ConfigDict(extra="forbid")

    suggestions: list[ModelSuggestion] = Field(
        max_length=MAX_MODEL_SUGGESTIONS,
        description="One per problem, most important first (facts, then outcome first, jargon, length, "
        "readability); [] when the draft is ready to send.",
    )


def variables(request: CheckRequest, found: Findings) -> dict[str, str]:
    """The prompt's variables: the reader, both texts (delimited as data by the template), the findings."""
    reader = request.audience
    return {
        "audience_name": reader.name,
        "audience_profile": reader.profile(),
        "original": request.original,
        "draft": request.draft,
        "findings": summary(found),
    }


def invented(source: str, text: str) -> list[str]:
    """Facts `text` states that `source` does not, negations aside ("don't use jargon" is advice, not a fact)."""
    check: FactCheck = compare(source, text)
    if not check.added:
        return []
    negations = {f.text for f in extract_facts(text) if f.kind == "negation"}
    return [a for a in check.added if a not in negations]


def screen(advice: CheckAdvice, request: CheckRequest, found: Findings) -> tuple[list[Suggestion], list[str]]:
    """The model's suggestions coach can stand behind, and a warning for each one it dropped."""
    # What a suggestion may cite: both texts and the findings (budgets, counts and grades come from there).
    source = "\n".join([request.original, request.draft, summary(found)])
    kept, warnings = [], []
    for one in advice.suggestions:
        wrong = invented(source, one.text)
        if wrong:
            warnings.append(
                f"A suggestion from the model was left out: it states {', '.join(wrong)}, which neither the "
                "original nor your draft states."
            )
            continue
        kept.append(Suggestion(kind=one.kind, text=one.text, by="model"))
    return kept, warnings
