"""ML uncertainty: experiment notes in; hypotheses tested, what each taught (failures count), honest confidence,
the next decision and when it will be known, and the phrases that overclaim or hide a result.

The seed's section 8: learning is the deliverable of research work. The offline engine reads the notes by
rules (coach.features.uncertainty.parse) and writes honest templates; the LLM engine asks
prompts/uncertainty.yaml once. The overclaim check (coach.analysis.overclaim) is deterministic and the same
for both; so is the fact check: every number of the notes kept in the plain text, none added anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.analysis.facts import FactCheck, compare
from coach.analysis.overclaim import Overclaim, find_overclaims
from coach.features.uncertainty.offline import (
    Sections,
    confidence_of,
    hypothesis_of,
    next_decision_of,
    plain_text,
    technical_text,
)
from coach.features.uncertainty.parse import Experiment, read_notes, suspected_cause
from coach.features.uncertainty.schema import Hypothesis, OverclaimItem, UncertaintyResult
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature
from coach.flow.postchecks import check_facts, fact_warnings
from coach.validate import clean_text

__all__ = ["FEATURE", "Hypothesis", "OverclaimItem", "UncertaintyFeature", "UncertaintyResult"]


@dataclass(frozen=True)
class UncertaintyRequest:
    notes: str
    experiments: list[Experiment]
    other: list[str]
    own_next: str | None
    overclaims: list[Overclaim]


@dataclass
class Draft:
    sections: Sections
    text: str
    text_technical: str


class UncertaintyFeature(Feature[UncertaintyRequest, Draft, UncertaintyResult]):
    name = "uncertainty"
    prompt = "uncertainty"

    def prepare(self, ctx: RunContext, **inputs: Any) -> UncertaintyRequest:
        notes = clean_text(inputs.get("notes") or "", limit=ctx.settings.max_input_chars, what="read")
        experiments, other, own_next = read_notes(notes)
        return UncertaintyRequest(notes, experiments, other, own_next, find_overclaims(notes))

    def offline(self, request: UncertaintyRequest, ctx: RunContext) -> Draft:
        sections = Sections(
            hypotheses=[hypothesis_of(e) for e in request.experiments],
            confidence=confidence_of(request.notes, request.overclaims),
            next_decision=next_decision_of(request.own_next, suspected_cause(request.notes), request.experiments),
        )
        return Draft(
            sections,
            plain_text(sections, request.other, request.own_next),
            technical_text(sections, request.other),
        )

    def llm(self, request: UncertaintyRequest, ctx: RunContext) -> Draft:
        from coach.features.uncertainty.chain import UncertaintyDraft

        answer = ctx.ask(self.prompt, UncertaintyDraft, {"notes": request.notes})
        fallback = self.offline(request, ctx)
        sections = Sections(
            hypotheses=answer.hypotheses or fallback.sections.hypotheses,
            confidence=answer.confidence.strip() or fallback.sections.confidence,
            next_decision=answer.next_decision.strip() or fallback.sections.next_decision,
        )
        return Draft(
            sections, answer.text.strip() or fallback.text, answer.text_technical.strip() or fallback.text_technical
        )

    def finish(self, request: UncertaintyRequest, draft: Draft, ctx: RunContext) -> UncertaintyResult:
        check, warnings = check_facts(request.notes, draft.text, source_name="the notes", answer_name="the update")
        added = list(check.added)
        s = draft.sections
        pieces = [draft.text_technical, s.confidence, s.next_decision] + [
            part for h in s.hypotheses for part in (h.hypothesis, h.result, h.learned)
        ]
        # A section may repeat a fact of the notes (a hypothesis names what its result states): only a fact the
        # notes never state counts as added here, so each piece is compared with the notes said thrice.
        again = "\n".join([request.notes] * 3)
        more = [a for p in pieces for a in compare(again, p).added if a not in added]
        more = list(dict.fromkeys(more))
        if more:
            warnings += fact_warnings(
                FactCheck(ok=False, missing=[], added=more), source="the notes", answer="the sections"
            )
            added += more
        # The answer must not overclaim either: its own words are checked like the notes' are.
        said = {o.phrase.casefold() for o in request.overclaims}
        new = [
            o.phrase for o in find_overclaims(draft.text) if o.kind == "overclaim" and o.phrase.casefold() not in said
        ]
        if new:
            warnings.append(f"The update itself overclaims: {', '.join(dict.fromkeys(new))}. Say what was measured.")
        fact_check = FactCheck(ok=not check.missing and not added, missing=check.missing, added=added)
        return UncertaintyResult(
            **ctx.common(fact_check, warnings),
            hypotheses=s.hypotheses,
            confidence=s.confidence,
            next_decision=s.next_decision,
            overclaims=[
                OverclaimItem(phrase=o.phrase, why=o.why, start=o.start, end=o.end, kind=o.kind)
                for o in request.overclaims
            ],
            text=draft.text,
            text_technical=draft.text_technical,
        )


FEATURE = UncertaintyFeature()
