"""The offline weekly drafter: file each note under Progress, Problems or Plan, order by importance, cap.

The words are the user's own. Progress items are put result-first when the outcome rules can do that
without losing a fact; activity-only items stay as written, with a warning that asks for their result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.analysis.activity import assess, has_metric
from coach.features.outcomes.offline import restructure, sentence
from coach.features.weekly.notes import SECTIONS, TITLES, Note, Section, split_label
from coach.features.weekly.sections import cap
from coach.flow.postchecks import has_impact

# Sentences of a note, to classify it: a problem anywhere in it makes it a problem.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|;\s+")
_PROBLEM = re.compile(
    r"\b(?:blocked|blocker|blocking|fail(?:ed|ing|ure|s)?|delay(?:ed|s)?|slipp(?:ed|ing)|behind schedule|"
    r"behind|at risk|risks?|risky|issues?|bugs?|outages?|incidents?|regress(?:ed|ion|ions)?|broke|broken|"
    r"downtime|down for|stuck|waiting (?:on|for)|missed|late|overran|overrun|over budget|escalat\w*|"
    r"churn(?:ed|ing)?|lost|concerns?|problems?|unsuccessful|not successful|none (?:were |was )?successful|"
    r"can't|cannot|couldn't|didn't|did not|won't|wasn't|weren't|isn't|aren't|"
    r"not (?:yet )?(?:done|ready|working|started|shipped|merged|approved|resolved|fixed|finished|successful)|"
    r"no (?:offers?|progress|luck|response|reply|answer|decision|owner|budget|capacity)|"
    r"still (?:open|failing|broken|slow|blocked|unknown|waiting)|flaky|understaffed|attrition|resigned|quit|"
    r"short[- ]staffed|vulnerabilit(?:y|ies)|breach|complain\w*|crash(?:ed|es|ing)?|leak(?:s|ed|ing)?|"
    r"degraded|degradation|overdue|postponed|on hold|pushed (?:back|out)|sev-?[0-4]|"
    # A setback someone else decided ("request denied by finance", "offer declined"); not "we declined …", and
    # not a metric that declined ("latency declined by 30%").
    r"(?<=\w )(?<!\bwe )(?<!\bi )(?:denied|rejected|refused|declined|vetoed|turned down|cancell?ed)"
    r"(?!\s+(?:by\s+)?(?:from\b|to\s+[\d$€£~]|[\d$€£~]|about\b|around\b|roughly\b|nearly\b|almost\b|"
    r"over\b|slightly\b|sharply\b|significantly\b|steadily\b|further\b))|"
    # Down as in not working ("staging was down"), not a number going down ("errors went down 40%").
    r"(?:is|was|were|are|been|went|goes|be) down(?!\s+(?:from|to|by|\d|[$€£~]))"
    r")\b",
    re.IGNORECASE,
)
_RESOLVED = re.compile(
    r"^(?:i |we |the team )?(?:fixed|resolved|mitigated|unblocked|recovered|restored|closed|patched|eliminated|"
    r"reduced|cut|prevented|removed|solved|handled|addressed|cleared|killed|stopped|halved|avoided|"
    r"debugged|hotfixed|rolled back)\b",
    re.IGNORECASE,
)
_STILL_WRONG = re.compile(r"\b(?:but|however|though|still|yet to)\b", re.IGNORECASE)
_PLAN = re.compile(
    r"\b(?:next (?:week|sprint|month|quarter|step|steps|up)|tomorrow|will|'ll|plan(?:ning|ned)? to|"
    r"going to|lined up|scheduled|upcoming|to do|todo|aim(?:ing)? to|intend(?:ing)? to|expect(?:ing)? to|"
    r"on (?:monday|tuesday|wednesday|thursday|friday)|by (?:monday|tuesday|wednesday|thursday|friday|"
    r"end of (?:the )?(?:week|month|quarter|sprint)|eow|eom|eoq)|kick(?:ing)? off|start(?:ing)? on|"
    r"follow[- ]up|need to|needs to)\b",
    re.IGNORECASE,
)
_SEVERE = re.compile(
    r"\b(?:blocked|outage|at risk|incident|breach|missed|lost|churn|deadline|denied|rejected|escalat\w*)\b",
    re.IGNORECASE,
)


def classify(text: str) -> Section:
    """Where a note belongs when the writer did not say: Problems, Plan, or (by default) Progress."""
    if _PROBLEM.search(text) and not (_RESOLVED.search(text) and not _STILL_WRONG.search(text)):
        return "problems"
    if _PLAN.search(text):
        return "plan"
    return "progress"


def classify_note(text: str) -> Section:
    """A whole note: Problems if any of its sentences is a problem, else where its first sentence belongs.

    A note is not split: "Will roll out to everyone next week" means little without the sentence before.
    """
    parts = split_sentences(text) or [text]
    kinds = [classify(p) for p in parts]
    return "problems" if "problems" in kinds else kinds[0]


def importance(text: str) -> int:
    """Higher first: a measured result, then business impact, then severity; activity-only last."""
    score = 3 * has_metric(text) + 2 * has_impact(text) + 2 * bool(_SEVERE.search(text))
    return score - 2 * assess(text).activity_only


def draft(notes: Sequence[Note], limit: int) -> tuple[dict[Section, list[str]], list[str]]:
    """The three sections (each ordered, at most `limit` items, possibly empty) and warnings for the writer."""
    filed: dict[Section, list[str]] = {s: [] for s in SECTIONS}
    for note in notes:
        # A label in a logged entry ("Next week: …") files it; the entry keeps the words it was logged with
        # (free notes lose the label in `notes_from_text`). "Blockers: none" is nothing to report.
        labelled, rest = split_label(note.text)
        if labelled is not None and not rest:
            continue
        filed[note.section or labelled or classify_note(note.text)].append(sentence(note.text))
    warnings: list[str] = []
    sections: dict[Section, list[str]] = {}
    for section in SECTIONS:
        items = _dedupe(filed[section])
        if len(items) < len(filed[section]):
            warnings.append(f"{TITLES[section]}: {len(filed[section]) - len(items)} repeated line(s) reported once.")
        if section == "progress":
            warnings += _activity_warnings(items)
            items = [i if assess(i).activity_only else restructure(i) for i in items]
        ordered = sorted(items, key=importance, reverse=True)  # stable: ties keep the writer's order
        sections[section], cap_warnings = cap(ordered, limit, TITLES[section])
        warnings += cap_warnings
    return sections, warnings


def split_sentences(text: str) -> list[str]:
    return [sentence(p) for p in _SENTENCE.split(text) if p.strip(" .;")]


def _dedupe(items: list[str]) -> list[str]:
    """The same line logged twice is reported once."""
    seen: set[str] = set()
    unique = []
    for item in items:
        key = " ".join(item.casefold().split())
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _activity_warnings(items: Sequence[str]) -> list[str]:
    warnings = []
    for item in items:
        verdict = assess(item)
        if verdict.activity_only:
            warnings.append(f"'{item}' says what was done, not what it achieved. {verdict.question}")
    return warnings
