"""A practice session: the persona opens with the scenario's question, the user answers, the persona follows up on
what the answer lacked (a few turns), then a debrief — what went well, what to do differently, what the persona
had to ask for, and a better answer to the opening question built from the user's own facts.

Each answer is scored by the practice pipeline (either engine). The offline persona draws its follow-up from the
scenario's bank by the first gap not asked about yet; the LLM persona writes it over the message history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from coach.errors import InputError
from coach.features.practice import FEATURE, resolve
from coach.features.practice.data import CRITERIA, GAPS, Criterion, Gap, get_scenario, rubric, scenarios
from coach.features.practice.offline import follow_up, need_words
from coach.features.practice.schema import Debrief, PracticeResult, PracticeSession, Scores, Turn
from coach.features.practice.signals import carries
from coach.flow.context import RunContext
from coach.flow.pipeline import run
from coach.flow.results import Engine
from coach.readers import Signal, get_persona

if TYPE_CHECKING:
    from coach.store import Store

DEFAULT_ANSWERS = 3
"""Answers before the debrief: the opening question and two follow-ups."""


def start(
    persona: str | None, scenario: str | None, *, engine: Engine, max_answers: int = DEFAULT_ANSWERS
) -> PracticeSession:
    """A new session; the persona's opening question is its first turn. With only a persona, its first scenario."""
    if not 1 <= max_answers <= 10:
        raise InputError(f"A session takes 1 to 10 answers (got {max_answers}).")
    reader, chosen = resolve(persona, scenario)
    if chosen is None:
        chosen = next(iter(scenarios(reader.id).values()), None)
        if chosen is None:
            raise InputError(f"No scenario is played by the {reader.id} persona yet; pick another persona.")
    return PracticeSession(
        persona=reader.id,
        scenario=chosen.id,
        title=chosen.title,
        situation=chosen.situation,
        engine=engine,
        rubric_version=rubric().version,
        max_answers=max_answers,
        turns=[Turn(role="persona", text=chosen.question)],
    )


def reply(session: PracticeSession, answer: str, ctx: RunContext) -> PracticeSession:
    """The session after the user's `answer`: scored, then the persona's follow-up — or the debrief when this was
    the last answer or nothing important is left to ask. `session` itself is left unchanged."""
    if session.done:
        raise InputError("This session has ended; start a new one to practise again.")
    asking = session.turns[-1].gap
    needs = tuple(s for s in get_args(Signal) if s == asking)
    result = score(session, session.question, answer, ctx, needs=needs)
    turns = [*session.turns, Turn(role="user", text=answer, result=result)]
    after = session.model_copy(update={"turns": turns})
    gap = next_gap(after, result)
    if len(after.answers) >= session.max_answers or gap is None:
        return after.model_copy(update={"debrief": debrief(after, ctx)})
    return after.model_copy(
        update={"turns": [*turns, Turn(role="persona", text=_follow_up(after, gap, result, ctx), gap=gap)]}
    )


def end(session: PracticeSession, ctx: RunContext) -> PracticeSession:
    """The session ended now, with its debrief (InputError when nothing was answered yet)."""
    if session.done:
        return session
    if not session.answers:
        raise InputError("Answer the question at least once before the debrief.")
    return session.model_copy(update={"debrief": debrief(session, ctx)})


def score(
    session: PracticeSession, question: str, answer: str, ctx: RunContext, *, needs: tuple[str, ...] = ()
) -> PracticeResult:
    result: PracticeResult = run(
        FEATURE, ctx, persona=session.persona, scenario=session.scenario, question=question, answer=answer, needs=needs
    )
    return result


def next_gap(session: PracticeSession, last: PracticeResult) -> Gap | None:
    """What the persona asks about next: what no answer so far has given (the scenario's needs, in order), with
    plain words first when the last answer lost them, then overclaims and length; never the same thing twice."""
    said = " ".join(t.text for t in session.answers)
    missing: list[Gap] = [n for n in get_scenario(session.scenario).needs if not carries(said, n)]
    jargon = last.measured.jargon
    order: list[Gap] = []
    if len(jargon) >= 2:
        order.append("plain_words")
    order += missing
    if jargon:
        order.append("plain_words")
    if last.measured.overclaims or last.measured.hedges:
        order.append("confidence")
    if "concise" in last.gaps:
        order.append("concise")
    asked = {t.gap for t in session.turns if t.role == "persona"}
    return next((g for g in order if g not in asked), None)


def _follow_up(session: PracticeSession, gap: Gap, result: PracticeResult, ctx: RunContext) -> str:
    scenario = get_scenario(session.scenario)
    if ctx.engine == "llm":
        from coach.features.practice.chain import ask_follow_up

        history = [("assistant" if t.role == "persona" else "user", t.text) for t in session.turns]
        line = ask_follow_up(
            ctx,
            persona=get_persona(session.persona),
            situation=session.situation,
            history=history,
            gap=gap,
            jargon=result.measured.jargon,
        )
        if line:
            return line
    return follow_up(gap, scenario, result.measured.jargon)


_NAMES: dict[Criterion, str] = {c.id: c.name for c in rubric().criteria}


def debrief(session: PracticeSession, ctx: RunContext) -> Debrief:
    """Scores across the session's answers, what went well, what to do differently, and a better answer."""
    results = [t.result for t in session.answers if t.result is not None]
    if not results:
        raise InputError("Answer the question at least once before the debrief.")
    means = {c: sum(r.scores.get(c) for r in results) / len(results) for c in CRITERIA}
    scores = {c: int(means[c] + 0.5) for c in CRITERIA}  # half up: 3.5 → 4
    ranked = sorted(CRITERIA, key=lambda c: (-means[c], CRITERIA.index(c)))
    best = {c: max(results, key=lambda r: r.scores.get(c)) for c in CRITERIA}
    went_well = [_well(c, scores[c], best[c]) for c in ranked if scores[c] >= 4][:2]
    worst = {c: min(results, key=lambda r: r.scores.get(c)) for c in CRITERIA}
    differently = [_differently(c, scores[c], worst[c]) for c in reversed(ranked) if scores[c] <= 3][:2]
    asked = [t.gap for t in session.turns if t.role == "persona" and t.gap is not None]
    return Debrief(
        rubric_version=session.rubric_version,
        scores=Scores(**scores),
        overall=round(sum(r.overall for r in results) / len(results), 1),
        went_well=went_well or ["Every criterion has room to grow; start with the ones below."],
        do_differently=differently or ["Keep doing this: every criterion scored 4 or more."],
        had_to_ask=[_asked(g) for g in asked],
        better_answer=_better(session, results, ctx),
    )


def _well(c: Criterion, score: int, result: PracticeResult) -> str:
    fb = next(f for f in result.feedback if f.criterion == c)
    quote = f' — "{fb.quote}"' if fb.quote else ""
    return f"{_NAMES[c]} ({score}/5){quote}"


def _differently(c: Criterion, score: int, result: PracticeResult) -> str:
    fb = next(f for f in result.feedback if f.criterion == c)
    return f"{_NAMES[c]} ({score}/5): {fb.why}"


def _asked(gap: Gap) -> str:
    if gap == "plain_words":
        return "plain words for a term they did not know"
    if gap == "concise":
        return "a shorter version"
    return need_words(gap)


def _better(session: PracticeSession, results: list[PracticeResult], ctx: RunContext) -> str:
    """The better answer to the opening question, from everything the user said in the session."""
    if len(results) == 1:
        return results[0].better_answer
    together = " ".join(t.text for t in session.answers)
    try:
        return score(session, session.turns[0].text, together, ctx).better_answer
    except InputError:  # all the answers together are over the size limit: the first answer's is the closest
        return results[0].better_answer


def persist(store: Store, before: PracticeSession | None, after: PracticeSession) -> PracticeSession:
    """Save what `after` adds to `before` (a new session, its new turns, its debrief); `after` with its id."""
    if after.id is None:
        row = store.start_practice(
            persona=after.persona,
            scenario=after.scenario,
            engine=after.engine,
            rubric_version=after.rubric_version,
            max_answers=after.max_answers,
        )
        after = after.model_copy(update={"id": row.id, "created_at": row.created_at})
        new = after.turns
    else:
        new = after.turns[len(before.turns) :] if before is not None else []
    assert after.id is not None
    store.add_practice_turns(
        after.id,
        [
            {
                "role": t.role,
                "text": t.text,
                "gap": t.gap,
                "result_json": t.result.model_dump_json() if t.result else None,
            }
            for t in new
        ],
    )
    if after.debrief is not None and (before is None or before.debrief is None):
        store.finish_practice(
            after.id,
            scores=after.debrief.scores.model_dump(),
            overall=after.debrief.overall,
            debrief_json=after.debrief.model_dump_json(),
        )
    return after


def load(store: Store, session_id: int) -> PracticeSession:
    """A saved session, as it was (the scenario's title and situation from today's scenario file)."""
    row, turns = store.get_practice(session_id)
    known = scenarios().get(row.scenario)
    return PracticeSession(
        id=row.id,
        created_at=row.created_at,
        persona=row.persona,
        scenario=row.scenario,
        title=known.title if known else row.scenario,
        situation=known.situation if known else "",
        engine="llm" if row.engine == "llm" else "offline",
        rubric_version=row.rubric_version,
        max_answers=row.max_answers,
        turns=[
            Turn(
                role=t.role,
                text=t.text,
                gap=next((g for g in GAPS if g == t.gap), None),
                result=_saved(PracticeResult, t.result_json),
            )
            for t in turns
        ],
        debrief=_saved(Debrief, row.debrief_json),
    )


M = TypeVar("M", bound=BaseModel)


def _saved(model: type[M], data: str | None) -> M | None:
    """A saved score or debrief; None when it was written by a coach whose format differs (the text stays)."""
    if not data:
        return None
    try:
        return model.model_validate_json(data)
    except ValidationError:
        return None
