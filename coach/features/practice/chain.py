"""Practice's LLM chains: prompts/practice.yaml judges an answer (temperature 0, structured output), and
prompts/practice_persona.yaml plays the persona's next turn over the conversation so far (a message history).

The rules' measurements go into the scoring prompt as facts the model may not argue with; the user's question and
answer go in as delimited data. The model judges only the criteria the rubric marks `model`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from coach.features.practice.data import Gap, Rubric, Scenario
from coach.features.practice.offline import need_words
from coach.features.practice.signals import Checks
from coach.flow.context import RunContext
from coach.readers import Reader

SCORE_PROMPT = "practice"
PERSONA_PROMPT = "practice_persona"


class Judged(BaseModel):
    """The model's judgement of one criterion."""

    model_config = ConfigDict(extra="forbid")

    score: int = Field(ge=1, le=5, description="1 (poor) to 5 (strong), against the criterion's anchors.")
    quote: str = Field(description="A few words copied exactly from the answer that show the score; '' if none.")
    why: str = Field(description="One sentence: why this score, and what would raise it.")


class ScoreDraft(BaseModel):
    """The model's answer: the criteria the rubric marks `model`, and a better answer."""

    model_config = ConfigDict(extra="forbid")

    clarity: Judged = Field(description="Can the listener follow it at first hearing.")
    business_impact: Judged = Field(description="Does it say what the news means for this listener's business.")
    answers_question: Judged = Field(description="Does it answer what was asked, with what the listener needs.")
    better_answer: str = Field(
        description="A stronger answer in the speaker's voice: outcome first, plain words for this listener, "
        "within their length budget, every figure taken from the answer and none added; [brackets] for what "
        "the answer does not give."
    )


class PersonaReply(BaseModel):
    """The persona's next line in the role-play."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(description="One short follow-up or pushback, in character, at most two sentences.")


def _at_temperature_zero(ctx: RunContext) -> RunContext:
    """The same request (deadline, prompt record) with the chat model at temperature 0: a score must not depend on
    sampling. Models without a temperature setting are used as they are."""
    model = ctx.chat_model
    if model is not None and "temperature" in type(model).model_fields:
        model = model.model_copy(update={"temperature": 0.0})
    return dataclasses.replace(ctx, chat_model=model, calls=0, cache_hits=0)


def ask_scores(
    ctx: RunContext, *, persona: Reader, question: str, checks: Checks, rubric: Rubric, scenario: Scenario | None
) -> ScoreDraft:
    """One structured call to prompts/practice.yaml at temperature 0."""
    zero = _at_temperature_zero(ctx)
    strong = scenario.strong_answer if scenario else (persona.persona.good_answer if persona.persona else ())
    variables = {
        "persona_name": persona.name,
        "persona_profile": f"{persona.profile()}\n{persona.persona.profile() if persona.persona else ''}".strip(),
        "rubric_version": str(rubric.version),
        "rubric": rubric.text("model"),
        "strong_answer": "\n".join(f"- {s}" for s in strong) or "- (nothing more specific)",
        "checks": checks.summary(),
        "question": question,
        "answer": checks.answer,
    }
    try:
        return zero.ask(SCORE_PROMPT, ScoreDraft, variables)
    finally:
        ctx.calls += zero.calls
        ctx.cache_hits += zero.cache_hits


def ask_follow_up(
    ctx: RunContext,
    *,
    persona: Reader,
    situation: str,
    history: Sequence[tuple[str, str]],
    gap: Gap | None,
    jargon: Sequence[str],
) -> str:
    """The persona's next line, asked over the conversation so far (`history`: ("assistant", persona line) and
    ("user", answer) turns, oldest first)."""
    if gap is None:
        lacking = "nothing important; acknowledge the answer and ask the one question you would still ask"
    elif gap == "plain_words":
        lacking = f"plain words (they used terms you do not know: {', '.join(jargon)})"
    elif gap == "concise":
        lacking = "brevity (it was much longer than you have time for)"
    else:
        lacking = need_words(gap)
    variables = {
        "persona_role": persona.persona.role if persona.persona else persona.reader,
        "persona_profile": persona.persona.profile() if persona.persona else persona.profile(),
        "situation": situation,
        "lacking": lacking,
    }
    reply = ctx.ask(PERSONA_PROMPT, PersonaReply, variables, history=history)
    return reply.message.strip()
