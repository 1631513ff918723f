"""Practice: answer a stakeholder's question and get it scored against a pinned, versioned rubric — with evidence
quoted from the answer and a better answer to compare with; or role-play a whole session (see `session`).

Both engines measure the same things by rules (coach.features.practice.signals): jargon for this persona,
length against their budget, figures, outcome framing, overclaim and hedge words. Criteria the rubric marks
`rules` are scored from those in both engines; the LLM engine judges the `model` ones (prompts/practice.yaml at
temperature 0), the offline engine estimates them by rules of thumb and says so. An instruction to the scorer
inside an answer is taken out before scoring, in both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.analysis.facts import FactCheck, compare
from coach.analysis.jargon_explained import unexplained_jargon
from coach.errors import InputError
from coach.features.practice.data import (
    CRITERIA,
    Criterion,
    Scenario,
    closest_scenario,
    get_scenario,
    rubric,
    scenarios,
)
from coach.features.practice.offline import better_answer, gaps_of, needs_for, overall, rule_scores
from coach.features.practice.schema import (
    Feedback,
    JudgedByMap,
    Measured,
    PracticeResult,
    PracticeSession,
    Scores,
    Stability,
)
from coach.features.practice.signals import Checks, measure
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature
from coach.flow.postchecks import fact_warnings
from coach.readers import Reader, get_persona, readers_for
from coach.validate import clean_text

__all__ = [
    "CRITERIA",
    "FEATURE",
    "PracticeFeature",
    "PracticeResult",
    "PracticeSession",
    "Stability",
    "get_persona",
    "get_scenario",
    "personas",
    "scenarios",
]


def personas() -> dict[str, Reader]:
    """The practice personas (prompts/readers.yaml readers used by practice), in the file's order."""
    return readers_for("practice")


@dataclass(frozen=True)
class PracticeRequest:
    persona: Reader
    question: str
    answer: str
    scenario: Scenario | None
    checks: Checks


@dataclass
class Draft:
    feedback: dict[Criterion, Feedback]
    better_answer: str
    warnings: list[str]


def resolve(persona: str | None, scenario: str | None) -> tuple[Reader, Scenario | None]:
    """The persona and scenario named (either may be left out); InputError naming the valid ones otherwise."""
    chosen = get_scenario(scenario) if scenario else None
    if persona is None or not persona.strip():
        if chosen is None:
            raise InputError(f"Name a persona ({', '.join(personas())}) or a scenario.")
        return get_persona(chosen.persona), chosen
    reader = get_persona(persona)
    if chosen is not None and chosen.persona != reader.id:
        raise InputError(
            f"Scenario '{chosen.id}' is played by the {chosen.persona} persona, not {reader.id}: leave out "
            f"--persona, or pick one of {reader.id}'s scenarios: {', '.join(scenarios(reader.id)) or 'none'}."
        )
    return reader, chosen


class PracticeFeature(Feature[PracticeRequest, Draft, PracticeResult]):
    name = "practice"
    prompt = "practice"

    def prepare(self, ctx: RunContext, **inputs: Any) -> PracticeRequest:
        persona, chosen = resolve(inputs.get("persona"), inputs.get("scenario"))
        limit = ctx.settings.max_input_chars
        raw_question = inputs.get("question") or (chosen.question if chosen else "")
        question = clean_text(raw_question, limit=limit, what="ask: the question")
        answer_text = inputs.get("answer") or ""
        if not answer_text.strip():
            raise InputError(f"The answer is empty: write what you would say to {persona.reader}.")
        answer = clean_text(answer_text, limit=limit, what="score: the answer")
        chosen = chosen or closest_scenario(persona.id, question)
        # A session's follow-up asks for one thing (a date, the cause): the answer is judged on that.
        needs = tuple(inputs.get("needs") or ()) or needs_for(question, persona, chosen)
        return PracticeRequest(persona, question, answer, chosen, measure(answer, persona, needs, ctx.index))

    def offline(self, request: PracticeRequest, ctx: RunContext) -> Draft:
        judged = [c.name.lower() for c in rubric().criteria if c.judged_by == "model"]
        note = (
            f"Offline engine: {', '.join(judged)} are scored by rules of thumb; the LLM engine judges them."
            if judged
            else ""
        )
        return Draft(
            rule_scores(request.checks, rubric()),
            better_answer(request.checks.answer, request.persona, request.scenario, ctx.index),
            [note] if note else [],
        )

    def llm(self, request: PracticeRequest, ctx: RunContext) -> Draft:
        from coach.features.practice.chain import ask_scores

        rules = rule_scores(request.checks, rubric())
        if not request.checks.answer.strip():
            return Draft(rules, better_answer("", request.persona, request.scenario, ctx.index), [])
        answer = ask_scores(
            ctx,
            persona=request.persona,
            question=request.question,
            checks=request.checks,
            rubric=rubric(),
            scenario=request.scenario,
        )
        warnings: list[str] = []
        feedback = dict(rules)
        quoted_badly = False
        for c in rubric().criteria:
            judged = getattr(answer, c.id, None) if c.judged_by == "model" else None
            if judged is None:
                continue
            quote = judged.quote.strip().strip('"“”')
            if quote and " ".join(quote.split()).casefold() not in " ".join(request.answer.split()).casefold():
                quote, quoted_badly = "", True  # evidence must be the user's own words
            feedback[c.id] = Feedback(
                criterion=c.id, score=judged.score, judged_by="model", quote=quote, why=judged.why.strip()
            )
        if quoted_badly:
            warnings.append("The model quoted words the answer does not contain; those quotes were left out.")
        better = answer.better_answer.strip()
        left = unexplained_jargon(better, request.persona, ctx.index)
        added = compare(request.checks.answer, better).added
        if not better or left or added:
            why = (
                f"it stated facts your answer does not ({', '.join(added)})"
                if added
                else f"it used jargon ({', '.join(h.term for h in left)})"
                if left
                else "it was empty"
            )
            warnings.append(f"The model's better answer was replaced by coach's own: {why}.")
            better = better_answer(request.checks.answer, request.persona, request.scenario, ctx.index)
        return Draft(feedback, better, warnings)

    def finish(self, request: PracticeRequest, draft: Draft, ctx: RunContext) -> PracticeResult:
        checks = request.checks
        values = {c: draft.feedback[c].score for c in CRITERIA}
        check = compare(checks.answer, draft.better_answer)
        # A term this persona would not know is dropped on purpose ("F1"): not a missing fact.
        jargon = {t.casefold() for t in checks.jargon}
        missing = [m for m in check.missing if m.casefold() not in jargon]
        fact_check = FactCheck(ok=not missing and not check.added, missing=missing, added=check.added)
        warnings = list(draft.warnings)
        if checks.removed:
            warnings.insert(0, "Ignored what the answer says to the scorer: " + " ".join(checks.removed))
        warnings += fact_warnings(
            FactCheck(ok=not check.added, missing=[], added=check.added),
            source="your answer",
            answer="the better answer",
        )
        return PracticeResult(
            **ctx.common(fact_check, warnings),
            persona=request.persona.id,
            scenario=request.scenario.id if request.scenario else None,
            question=request.question,
            answer=request.answer,
            rubric_version=rubric().version,
            scores=Scores(**values),
            judged_by=JudgedByMap(**{c: draft.feedback[c].judged_by for c in CRITERIA}),
            overall=overall(values, rubric()),
            evidence=[_evidence(draft.feedback[c]) for c in CRITERIA],
            better_answer=draft.better_answer,
            feedback=[draft.feedback[c] for c in CRITERIA],
            gaps=gaps_of(checks),
            measured=Measured(
                jargon=list(checks.jargon),
                words=checks.words,
                max_words=checks.max_words,
                sentences=checks.sentences,
                max_sentences=checks.max_sentences,
                numbers=list(checks.numbers),
                outcome=checks.outcome,
                outcome_first=checks.lead,
                overclaims=list(checks.overclaims),
                hedges=list(checks.hedges),
                ignored=list(checks.removed),
            ),
        )


def _evidence(f: Feedback) -> str:
    quote = f' "{f.quote}"' if f.quote else ""
    return f"{f.criterion} ({f.score}/5, {f.judged_by}):{quote} — {f.why}"


def stability(results: list[PracticeResult]) -> Stability:
    """How far the scores of the same answer moved over several scorings (`--repeat N`)."""
    spread = {c: max(r.scores.get(c) for r in results) - min(r.scores.get(c) for r in results) for c in CRITERIA}
    overalls = [r.overall for r in results]
    return Stability(
        runs=len(results), overall=overalls, spread=spread, overall_spread=round(max(overalls) - min(overalls), 1)
    )


FEATURE = PracticeFeature()
