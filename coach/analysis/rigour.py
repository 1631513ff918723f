"""What a data scientist will ask of a reported result: how many, compared with what, and how sure.

A figure with no sample size, no baseline and no spread is a claim a careful reader cannot weigh. These checks
read the text only; they never judge the method itself.
"""

from __future__ import annotations

import re

_RESULT = re.compile(
    r"\b(?:accuracy|precision|recall|f1|auc|error rate|wer|bleu|rouge|loss|lift|conversion|uplift|ctr|mape|rmse|"
    r"improv\w*|increas\w*|reduc\w*|better|worse|outperform\w*|beats?)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d")
_SAMPLE = re.compile(
    r"\b(?:n\s*=\s*\d|\d[\d,.]*\s*k?\s*(?:samples?|examples?|users?|sessions?|tickets?|images?|hours?|rows?|"
    r"records?|documents?|utterances?|queries|requests|customers?|patients?|runs?|seeds?|folds?)|sample size|"
    r"test set of|holdout of)\b",
    re.IGNORECASE,
)
_BASELINE = re.compile(
    r"\b(?:baseline|compared (?:with|to)|vs\.?|versus|than|from\s+\S+\s+to|control|previous model|prior model|"
    r"benchmark|relative to)\b",
    re.IGNORECASE,
)
_SPREAD = re.compile(
    r"±|\+/-|\b(?:confidence interval|ci\b|std|standard (?:deviation|error)|p\s*[<=>]|p-value|significan\w*|"
    r"variance|spread|error bars?|across \d+ (?:runs|seeds|folds)|interval)\b",
    re.IGNORECASE,
)


def rigour_gaps(text: str) -> list[str]:
    """What a reported result in `text` leaves out (sample size, baseline, spread); empty when it reports none."""
    if not (_RESULT.search(text) and _FIGURE.search(text)):
        return []
    gaps = []
    if not _SAMPLE.search(text):
        gaps.append("how many examples the figure comes from (sample size)")
    if not _BASELINE.search(text):
        gaps.append("what it is compared with (a baseline)")
    if not _SPREAD.search(text):
        gaps.append("how sure it is (a confidence interval, spread across runs, or a significance test)")
    return gaps
