"""Overclaims and hiding hedges in ML experiment notes: deterministic, shared by both engines and the evals.

Words whose confidence the evidence does not support ("guarantees", "proves", "solved", "always", "100%",
"significant" with no test or sample size near it), a single run stated as settled, test-set claims made from
validation numbers — and the opposite, hedges stacked around a clear number ("might possibly be somewhat
better: +4 pts"). Each finding has the phrase, why it misleads, and its span in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["overclaim", "hedge"]


@dataclass(frozen=True, slots=True)
class Overclaim:
    """One phrase whose confidence does not match its evidence."""

    phrase: str
    why: str
    start: int
    end: int
    kind: Kind = "overclaim"


_ABSOLUTE: tuple[tuple[str, str], ...] = (
    (r"guarantee[sd]?", "nothing in an experiment guarantees a result in production; say what was measured"),
    (r"prove[sdn]?", "one experiment supports a hypothesis, it does not prove it; say what was measured"),
    (r"solved|solves", "'solved' claims the problem is gone; say how much it improved and on what data"),
    (r"always", "'always' claims every case; the evidence covers the cases measured"),
    (r"never (?:fails?|breaks?|misses?)", "'never fails' claims every case; the evidence covers the cases measured"),
    (r"100\s?%|100 percent", "100% is rarely what a model does outside the sample measured; give the sample"),
    (r"definitely|certainly|undoubtedly|without (?:a )?doubt", "certainty the evidence does not give"),
    (r"bullet-?proof|perfect(?:ly)?", "claims a flawless result; say what was measured and where it fails"),
)
_ABSOLUTE_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _ in _ABSOLUTE) + r")(?!\w)", re.IGNORECASE)

_SIGNIFICANT = re.compile(r"\bsignificant(?:ly)?\b", re.IGNORECASE)
_STATS = re.compile(
    r"\bp\s*[<=≤]|\bp-?value|\bconfidence interval|\b\d+\s*%\s*ci\b|\bci\b|t-?test|\bbootstrap|mann-whitney|"
    r"\bn\s*=\s*\d|\b\d[\d,]*\s+(?:samples|examples|users|seeds|runs|folds|trials)\b|\bstd\b|±|\+/-|"
    r"standard (?:deviation|error)|statistical",
    re.IGNORECASE,
)
_SINGLE_RUN = re.compile(r"\b(?:one|single|1|a single)\s+(?:run|seed|trial|training run)\b", re.IGNORECASE)
_SETTLED = re.compile(
    r"\b(?:clearly|confirms?|confirmed|settled|conclusive(?:ly)?|outperforms?|beats?|is better|works|"
    r"we know|established|done deal)\b",
    re.IGNORECASE,
)
_VAL = re.compile(r"\b(?:val|validation|dev set|dev)\b", re.IGNORECASE)
_TEST_CLAIM = re.compile(
    r"\b(?:test[- ]set|test (?:accuracy|recall|precision|f1|auc|loss|score|results?)|on test|held-out test)\b",
    re.IGNORECASE,
)
_TUNED_ON_TEST = re.compile(
    r"\b(?:tuned|selected|picked|chose|chosen|early[- ]stopped|optimi[sz]ed)\b[^.;\n]{0,40}\bon (?:the )?test\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:might|may|possibly|perhaps|somewhat|slightly|potentially|arguably|seems?|appears?|"
    r"sort of|kind of|maybe|could)\b",
    re.IGNORECASE,
)
_CLEAR_NUMBER = re.compile(
    r"[+\-−]\s?\d|\d(?:\.\d+)?\s*(?:%|(?:pts?|points?|pp|ms|s|x)\b)|\bfrom\s+\S*\d\S*\s+to\s+\S*\d|\d\S*\s+to\s+\d",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n;]+(?:[.!?;]+|$)", re.MULTILINE)
NEAR = 200
"""Characters either side of "significant" in which a test or sample size counts as its evidence."""


def _why_absolute(word: str) -> str:
    for pattern, why in _ABSOLUTE:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return why
    return "certainty the evidence does not give"


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def find_overclaims(text: str) -> list[Overclaim]:
    """Every overclaim and hiding hedge in `text`, in the order they appear."""
    found: list[Overclaim] = []
    for m in _ABSOLUTE_RE.finditer(text):
        found.append(Overclaim(m.group(), _why_absolute(m.group()), m.start(), m.end()))
    for m in _SIGNIFICANT.finditer(text):
        if not _STATS.search(text[max(0, m.start() - NEAR) : m.end() + NEAR]):
            why = "'significant' reads as statistically significant, but no test or sample size is given"
            found.append(Overclaim(m.group(), why, m.start(), m.end()))
    for start, sentence in _sentences(text):
        single = _SINGLE_RUN.search(sentence)
        settled = _SETTLED.search(sentence)
        if single and settled:
            why = "a single run stated as settled; seeds and data splits vary — repeat it before relying on it"
            found.append(Overclaim(settled.group(), why, start + settled.start(), start + settled.end()))
        tuned = _TUNED_ON_TEST.search(sentence)
        if tuned:
            why = "choosing on the test set makes its score optimistic; choose on validation, report test once"
            found.append(Overclaim(tuned.group(), why, start + tuned.start(), start + tuned.end()))
        elif _VAL.search(sentence) and (claim := _TEST_CLAIM.search(sentence)) and _CLEAR_NUMBER.search(sentence):
            why = "a test-set result claimed next to validation numbers; say which split each number is from"
            found.append(Overclaim(claim.group(), why, start + claim.start(), start + claim.end()))
        hedges = list(_HEDGE.finditer(sentence))
        if len(hedges) >= 2 and _CLEAR_NUMBER.search(sentence):
            first, last = hedges[0], hedges[-1]
            why = "hedges hide a clear result: state the number plainly, with how sure it is (runs, split)"
            found.append(
                Overclaim(sentence[first.start() : last.end()], why, start + first.start(), start + last.end(), "hedge")
            )
    return sorted(found, key=lambda o: (o.start, o.end))
