"""The offline uncertainty engine: hypotheses, results and learning from the notes' own words; honest templates.

Every number stays in the notes' wording (each result is the sentence it came from); the templates add no
figure, date or negation. Confidence is judged from what the notes say about their evidence: the split
(validation or test), repeat runs or seeds, and any overclaim found by coach.analysis.overclaim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.analysis.overclaim import Overclaim
from coach.features.uncertainty.parse import METRIC, Experiment, stated_hypothesis
from coach.features.uncertainty.schema import Hypothesis

_VAL = re.compile(r"\b(?:val|validation|dev)\b", re.IGNORECASE)
_TEST = re.compile(r"\b(?:test[- ]set|held-?out|holdout|on test)\b", re.IGNORECASE)
_REPEATS = re.compile(r"\b(?:seeds|runs|folds|repeats|trials|cross-validat\w*|std|±|ci)\b", re.IGNORECASE)
_DATE_HINT = re.compile(
    r"\b(?:by|on|before|until)\s+(?:\w+day|tomorrow|next\s+\w+|end of \w+|\d{1,2}\s+\w+|\w+\s+\d{1,2})\b|"
    r"\b(?:tomorrow|next week|this week|end of (?:the )?(?:week|month|sprint|quarter))\b",
    re.IGNORECASE,
)

_GERUND = {
    "removed": "Removing", "added": "Adding", "dropped": "Dropping", "replaced": "Replacing", "used": "Using",
    "increased": "Increasing", "decreased": "Decreasing", "reduced": "Reducing", "doubled": "Doubling",
    "halved": "Halving", "switched": "Switching", "swapped": "Swapping", "froze": "Freezing",
}  # fmt: skip
_NEXT_LABEL = re.compile(r"^\W*next(?: steps?)?\s*:\s*", re.IGNORECASE)
LEARNED = {
    "up": "Promising on the measure reported; repeat it (more seeds, the held-out set) before relying on it.",
    "down": "Ruled out in this setup: a useful negative result that narrows the search.",
    "mixed": "A trade-off: a measure improved while another got worse; decide which matters more first.",
    "unclear": "The notes leave the result open: ask what was measured, and on which data.",
}


@dataclass(frozen=True)
class Sections:
    hypotheses: list[Hypothesis]
    confidence: str
    next_decision: str


def hypothesis_of(exp: Experiment) -> Hypothesis:
    """One experiment as hypothesis / result / learned; the result is the notes' own sentence."""
    stated = stated_hypothesis(exp.text)
    if stated is not None:
        claim, rest = stated
        result = rest.rstrip(".") or "result to come"
        return Hypothesis(hypothesis=claim[:1].upper() + claim[1:], result=result, learned=LEARNED[exp.direction])
    metric = METRIC.search(exp.text.replace(exp.what, " ") if exp.what else exp.text)
    target = metric.group() if metric else "the results"
    if exp.what:
        verb, _, rest = exp.what.partition(" ")
        if verb.lower() in _GERUND:
            idea = f"{_GERUND[verb.lower()]} {rest}".strip()
        else:
            lowered = exp.what[0].lower() + exp.what[1:] if exp.what[1:2].islower() else exp.what
            idea = f"Trying {lowered}"
        hypothesis = f"{idea} improves {target}"
    else:
        hypothesis = f"The change described improves {target}"
    result = exp.text.strip().rstrip(".")
    return Hypothesis(hypothesis=hypothesis, result=result, learned=LEARNED[exp.direction])


def confidence_of(notes: str, overclaims: list[Overclaim]) -> str:
    """An honest level with its reasons, judged from what the notes say about their evidence."""
    reasons = []
    val_only = bool(_VAL.search(notes)) and not _TEST.search(notes)
    if val_only:
        reasons.append("the results are from the validation set only")
    repeated = bool(_REPEATS.search(notes))
    if not repeated:
        reasons.append("repeat runs or seeds are unreported, so each result may be a single run")
    claims = [o for o in overclaims if o.kind == "overclaim"]
    if claims:
        reasons.append("some phrases claim more than the evidence shows (see overclaims)")
    level = "Low" if len(reasons) >= 2 else "Moderate" if reasons else "Moderate to high"
    because = "; ".join(reasons) if reasons else "the notes report repeat runs and a held-out split"
    return f"{level}: {because}."


def next_decision_of(own_next: str | None, cause: str | None, experiments: list[Experiment]) -> str:
    """The next decision and when it will be known; a question where the notes give no date."""
    if own_next:
        step = _NEXT_LABEL.sub("", own_next.strip()).rstrip(".")
        step = step[:1].upper() + step[1:]
        return step + "." if _DATE_HINT.search(step) else f"{step} — when will we know, and what decides it?"
    if cause:
        return f"Check whether {cause} explains the result — what will we know, and by when?"
    best = next((e.what for e in experiments if e.direction in {"up", "mixed"} and e.what), None)
    if best:
        return f"Decide whether to adopt {best} after a repeat run — what would settle it, and by when?"
    return "Decide which idea to test next — what would we learn from it, and by when?"


def plain_text(sections: Sections, other: list[str], own_next: str | None) -> str:
    """The update for a non-technical reader: what we tested, what we learned, how sure we are, what is next."""
    lines = ["What we tested and what we learned:"]
    for h in sections.hypotheses:
        lines.append(f"- {h.result}. {h.learned}")
    if other:
        lines += ["", "Also noted: " + " ".join(o if o.endswith((".", "!", "?")) else f"{o}." for o in other)]
    lines += ["", f"How sure we are: {sections.confidence}", "", f"Next: {sections.next_decision}"]
    return "\n".join(lines)


def technical_text(sections: Sections, other: list[str]) -> str:
    lines = ["Hypotheses:"]
    for h in sections.hypotheses:
        lines += [f"- {h.hypothesis}", f"  result: {h.result}", f"  learned: {h.learned}"]
    if other:
        lines += ["", "Context: " + " ".join(other)]
    lines += ["", f"Confidence: {sections.confidence}", f"Next decision: {sections.next_decision}"]
    return "\n".join(lines)
