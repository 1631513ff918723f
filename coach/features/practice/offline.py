"""Scoring by rules, the better answer, and the persona's follow-up — the offline engine, and the rules the LLM
engine keeps (jargon, concision, honest confidence are scored by this code in both engines).

The better answer is built from the scenario's plain `better` sentences, filled with the user's own figures and
dates, plus the user's own sentences that need no explaining; every part is checked with the same jargon check
and fact-checked against the user's answer, so it never states a number the user did not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.analysis.facts import Fact, compare
from coach.analysis.jargon import find_jargon
from coach.analysis.jargon_explained import unexplained_jargon
from coach.analysis.jargon_index import JargonIndex
from coach.features.practice.data import CRITERIA, Criterion, Gap, Rubric, Scenario, scenario_file
from coach.features.practice.schema import Feedback
from coach.features.practice.signals import Checks, carries, numeric_facts, sentences
from coach.flow.postchecks import word_count
from coach.readers import Reader, Signal

_QUOTE_CHARS = 160
_EVIDENCE = re.compile(
    r"\b(?:because|since|given|based on|already|so far|tested|measured|shows?|showed|in (?:our )?tests?)\b", re.I
)
_QUESTION_NEEDS: tuple[tuple[re.Pattern[str], tuple[Signal, ...]], ...] = (
    (re.compile(r"\bwhy\b", re.I), ("cause", "next_step")),
    (re.compile(r"\b(?:when|how long|by when|date|deadline|eta)\b", re.I), ("date", "confidence")),
    (re.compile(r"\b(?:how much|how many|cost|budget|spend|price|paying)\b", re.I), ("numbers", "impact")),
    (re.compile(r"\b(?:should we|can we|do we|can your|could we|could you|will you|can you)\b", re.I), ("options",)),
    (re.compile(r"\b(?:what happened|how bad|what went wrong)\b", re.I), ("outcome", "impact")),
    (re.compile(r"\b(?:what do i tell|what should i (?:say|tell)|what can i (?:say|tell))\b", re.I), ("impact",)),
    (re.compile(r"\b(?:learn|learned|learnt)\b", re.I), ("cause", "next_step")),
)
MAX_NEEDS = 4


def needs_for(question: str, persona: Reader, scenario: Scenario | None) -> tuple[Signal, ...]:
    """What an answer to `question` must carry: the scenario's needs, else what the question's words ask for
    followed by what this persona always needs (at most MAX_NEEDS)."""
    if scenario is not None:
        return scenario.needs
    asked: list[Signal] = [n for pattern, needs in _QUESTION_NEEDS if pattern.search(question) for n in needs]
    general = persona.persona.needs if persona.persona else ()
    return tuple(dict.fromkeys([*asked, *general]))[:MAX_NEEDS]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _sentence_with(checks: Checks, pattern: str) -> str:
    return next((s for s in sentences(checks.answer) if pattern.lower() in s.lower()), "")


def _first(checks: Checks) -> str:
    parts = sentences(checks.answer)
    return parts[0] if parts else ""


def rule_scores(checks: Checks, rubric: Rubric) -> dict[Criterion, Feedback]:
    """Every criterion scored by rules, with its quote and advice. The LLM engine keeps the `rules` ones."""
    empty = not checks.answer.strip()
    return {
        "clarity": _clarity(checks, rubric, empty),
        "business_impact": _business_impact(checks, empty),
        "concision": _concision(checks, rubric, empty),
        "jargon": _jargon(checks, rubric, empty),
        "answers_question": _answers_question(checks, empty),
        "honest_confidence": _honest_confidence(checks, empty),
    }


def _fb(criterion: Criterion, score: int, quote: str, why: str) -> Feedback:
    return Feedback(criterion=criterion, score=max(1, min(5, score)), judged_by="rules", quote=_quote(quote), why=why)


_NOTHING = "Nothing to judge: the answer had nothing left to score."


def _clarity(checks: Checks, rubric: Rubric, empty: bool) -> Feedback:
    if empty:
        return _fb("clarity", 1, "", _NOTHING)
    score, notes = 5, []
    if checks.grade > rubric.clarity_max_grade:
        score -= 1 + (checks.grade > rubric.clarity_max_grade + 4)
        notes.append(f"reads at grade {checks.grade:.0f}")
    per_sentence = checks.words / max(1, checks.sentences)
    if per_sentence > rubric.clarity_max_sentence_words:
        score -= 1
        notes.append(f"{per_sentence:.0f} words a sentence")
    if not checks.lead:
        score -= 1
        notes.append("the point is not in the first sentence")
    if len(checks.jargon) >= 2:
        score -= 1
        notes.append("several unexplained terms")
    longest = max(sentences(checks.answer), key=len)
    why = (
        ("; ".join(notes).capitalize() + ": lead with the result, one idea a sentence.")
        if notes
        else ("Short sentences with the point first.")
    )
    return _fb("clarity", score, longest if notes else _first(checks), why)


def _business_impact(checks: Checks, empty: bool) -> Feedback:
    if empty:
        return _fb("business_impact", 1, "", _NOTHING)
    impact = "impact" in checks.carried
    parts = {
        "a business impact (customers, money, risk, time)": impact,
        "a result, not only activity": checks.outcome,
        "a figure or date": bool(checks.numbers),
        "the outcome first": checks.lead,
    }
    score = 1 + sum(parts.values())
    lacking = [k for k, v in parts.items() if not v]
    quote = next((s for s in sentences(checks.answer) if carries(s, "impact")), _first(checks))
    why = f"Add {', '.join(lacking)}." if lacking else "States the outcome and what it means for the business."
    if checks.over_budget > 2 and score > 3:  # an impact buried in a long answer does not reach the listener
        score, why = 3, "The impact is buried in a long answer: put it in the first sentence and cut the rest."
    return _fb("business_impact", score, quote, why)


def _concision(checks: Checks, rubric: Rubric, empty: bool) -> Feedback:
    if empty:
        return _fb("concision", 1, "", _NOTHING)
    ratio = checks.over_budget
    score = next((b.score for b in rubric.concision_bounds if ratio <= b.ratio), 1)
    said = f"{checks.words} words, {checks.sentences} sentence{'s' if checks.sentences != 1 else ''}; the budget is "
    said += f"{checks.max_words} words, "
    said += f"{checks.max_sentences} sentences."
    why = said if score == 5 else said + " Lead with the result and move the detail to a follow-up."
    return _fb("concision", score, "", why)


def _jargon(checks: Checks, rubric: Rubric, empty: bool) -> Feedback:
    if empty:
        return _fb("jargon", 1, "", _NOTHING)
    n = len(checks.jargon)
    score = rubric.jargon_scores[min(n, len(rubric.jargon_scores) - 1)]
    if n == 0:
        return _fb("jargon", score, "", "No term this listener would need explained.")
    terms = ", ".join(f'"{t}"' for t in checks.jargon)
    return _fb("jargon", score, _sentence_with(checks, checks.jargon[0]), f"Unexplained for this listener: {terms}.")


_NEED_WORDS: dict[Signal, str] = {
    "outcome": "the result", "impact": "what it means for the business", "numbers": "the figure",
    "date": "a date", "cause": "the cause", "next_step": "the next step", "confidence": "how sure you are",
    "ask": "what you need from them", "options": "the options and their cost",
}  # fmt: skip


def need_words(signal: Signal) -> str:
    return _NEED_WORDS[signal]


def _answers_question(checks: Checks, empty: bool) -> Feedback:
    if empty or not checks.needs:
        return _fb("answers_question", 1 if empty else 3, "", _NOTHING if empty else "No specific need to check.")
    covered = [n for n in checks.needs if n in checks.carried]
    score = 1 + round(4 * len(covered) / len(checks.needs))
    if checks.words < 8:
        score = min(score, 2)  # a few words cannot answer a stakeholder's question, whatever they name
    quote = next((s for s in sentences(checks.answer) for n in covered if carries(s, n)), _first(checks))
    missing = ", ".join(need_words(n) for n in checks.missing)
    why = f"Also give {missing}." if missing else "Gives what the question asked for."
    return _fb("answers_question", score, quote, why)


def _honest_confidence(checks: Checks, empty: bool) -> Feedback:
    if empty:
        return _fb("honest_confidence", 1, "", _NOTHING)
    flagged = [*checks.overclaims, *checks.hedges]
    if flagged:
        words = ", ".join(f'"{w}"' for w in flagged)
        why = f"{words}: say what was measured and how sure you are, without absolutes or stacked hedges."
        return _fb("honest_confidence", 2 if len(flagged) == 1 else 1, _sentence_with(checks, flagged[0]), why)
    sure = next((s for s in sentences(checks.answer) if carries(s, "confidence")), "")
    if not sure:
        return _fb("honest_confidence", 3, "", "Say how sure you are, and why (what is done, what was measured).")
    if _EVIDENCE.search(sure):
        return _fb("honest_confidence", 5, sure, "States how sure, and why.")
    return _fb("honest_confidence", 4, sure, "Add why you are that sure (what is done, what was measured).")


def gaps_of(checks: Checks) -> list[Gap]:
    """What the answer lacked, most important first: the persona follows up on the first one not asked yet."""
    gaps: list[Gap] = list(checks.missing)
    if checks.jargon:
        gaps.insert(0 if len(checks.jargon) >= 2 else len(gaps), "plain_words")
    if checks.overclaims or checks.hedges:
        gaps.append("confidence")
    if checks.over_budget > 1.5:
        gaps.append("concise")
    return list(dict.fromkeys(gaps))


def follow_up(gap: Gap, scenario: Scenario | None, jargon: Sequence[str]) -> str:
    """The persona's follow-up for `gap`: the scenario's own line, else the default one ({term}: the first term of
    `jargon`, the unexplained terms of the answer)."""
    text = (scenario.follow_ups.get(gap) if scenario else None) or scenario_file().default_follow_ups[gap]
    return text.format(term=jargon[0]) if gap == "plain_words" and jargon else text.replace("{term}", "that")


# --- the better answer ------------------------------------------------------------------------------------------


def _as_slot(fact: Fact) -> str:
    # A date read with its sentence's full stop ("14 March.") goes mid-sentence without it.
    return fact.text.rstrip(".")


def _when(facts: Sequence[Fact]) -> tuple[str, Fact | None]:
    for fact in facts:
        lowered = fact.text.lower()
        if fact.kind in {"date", "time"}:
            bare = lowered.startswith(("next", "this", "end", "tomorrow", "today", "tonight", "by ", "on ", "in "))
            return (_as_slot(fact) if bare else f"{'at' if fact.kind == 'time' else 'on'} {_as_slot(fact)}"), fact
    for fact in facts:
        if fact.kind == "duration":
            return f"in {_as_slot(fact)}", fact
    return "[by the new date]", None


def _slot_values(answer: str) -> tuple[dict[str, str], list[Fact]]:
    facts = numeric_facts(answer)
    when, used = _when(facts)
    rest = [f for f in facts if f is not used]
    figure = next((f for f in rest if f.kind in {"number", "percent", "money", "range"}), None)
    cost = next((f for f in rest if f.kind == "money"), None)
    duration = next((f for f in facts if f.kind == "duration"), None)
    values = {
        "when": when,
        "duration": _as_slot(duration) if duration else "[how long]",
        "figure": _as_slot(figure) if figure else "[the figure]",
        "cost": _as_slot(cost) if cost else "[the cost]",
    }
    return values, [f for f in (used, figure, cost, duration) if f is not None]


def better_answer(answer: str, persona: Reader, scenario: Scenario | None, index: JargonIndex) -> str:
    """A stronger answer built from the scenario's outline and the user's own facts (bracketed where the user
    gave none): no jargon this persona would need explained, and no fact the user's answer does not state."""
    values, placed = _slot_values(answer)
    outline = scenario.better if scenario else scenario_file().default_better
    parts: list[str] = []

    def fits(part: str) -> bool:
        if unexplained_jargon(part, persona, index):
            return False
        return not compare(answer, " ".join([*parts, part])).added

    for template in outline:
        part = template.format(**values)
        if fits(part):
            parts.append(part)
    # The user's own plain sentences that carry a figure the outline did not place: their facts, their words.
    placed_text = {f.text for f in placed}
    for own in sentences(answer):
        facts = numeric_facts(own)
        if not any(f.text not in placed_text for f in facts) or find_jargon(own, persona, index):
            continue
        if word_count(" ".join([*parts, own])) <= persona.max_words and fits(own):
            parts.append(own)
            continue
        # The outline placed one of this sentence's figures already: the user's sentence says more, so it takes
        # that sentence's place ("0.4 points across 5 seeds" rather than "0.4").
        clash = next(
            (i for i, p in enumerate(parts) for f in facts if f.text in placed_text and _as_slot(f) in p), None
        )
        if clash is not None:
            trial = [*parts[:clash], own, *parts[clash + 1 :]]
            if word_count(" ".join(trial)) <= persona.max_words and not compare(answer, " ".join(trial)).added:
                parts = trial
    return " ".join(parts)


def overall(scores: dict[Criterion, int], rubric: Rubric) -> float:
    """The rubric's weighted mean, one decimal."""
    total = sum(rubric.criterion(c).weight for c in CRITERIA)
    return round(sum(scores[c] * rubric.criterion(c).weight for c in CRITERIA) / total, 1)
