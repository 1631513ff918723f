"""The offline weekly drafter: file each note under Progress, Problems or Plan, order by importance, cap.

The words are the user's own. Progress items are put result-first when the outcome rules can do that
without losing a fact; activity-only items stay as written, with a warning that asks for their result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.features.outcomes.offline import restructure, sentence
from coach.features.weekly.notes import SECTIONS, TITLES, Note, Section, split_label
from coach.features.weekly.rank import Ranked, ranked
from coach.features.weekly.sections import MORE_CHARS, cap_section

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


@dataclass(frozen=True)
class OfflineDraft:
    """The offline update: what each section shows, and what the fact check compares."""

    sections: dict[Section, list[str]]
    """Each section ordered, at most `limit` items, possibly empty."""
    warnings: list[str]
    stated: list[str]
    """Every item text the update states (kept and quoted), without coach's counting words."""
    source: list[str]
    """The notes those items were written from; entries only counted ("… and N more") are not among them."""


def draft(notes: Sequence[Note], limit: int) -> OfflineDraft:
    """The three sections (each ordered, at most `limit` items, possibly empty) and warnings for the writer.

    Every note is filed and ranked, but only the items the update shows are rewritten result-first and
    questioned: with a week of 1,000 entries, the 15 shown are what the writer reads.
    """
    filed: dict[Section, list[tuple[str, str]]] = {s: [] for s in SECTIONS}
    for note in notes:
        # A label in a logged entry ("Next week: …") files it; the entry keeps the words it was logged with
        # (free notes lose the label in `notes_from_text`). "Blockers: none" is nothing to report.
        labelled, rest = split_label(note.text)
        if labelled is not None and not rest:
            continue
        filed[note.section or labelled or classify_note(note.text)].append((sentence(note.text), note.text))
    warnings: list[str] = []
    sections: dict[Section, list[str]] = {}
    stated: list[str] = []
    source: list[str] = []
    for section in SECTIONS:
        unique = _dedupe(filed[section])
        if len(unique) < len(filed[section]):
            warnings.append(f"{TITLES[section]}: {len(filed[section]) - len(unique)} repeated line(s) reported once.")
        items = [Ranked(text, note, n) for n, (text, note) in enumerate(unique)]
        order, texts = _shown_first(items, limit, rewrite=section == "progress")
        capped = cap_section(texts, limit, TITLES[section])
        shown = order[: len(capped.stated)]  # kept, then quoted on the "+N more" line
        if section == "progress":
            warnings += _activity_warnings(shown)
        sections[section] = capped.items
        stated += capped.stated
        source += [i.note for i in shown]
        warnings += capped.warnings
    return OfflineDraft(sections=sections, warnings=warnings, stated=stated, source=source)


def split_sentences(text: str) -> list[str]:
    return [sentence(p) for p in _SENTENCE.split(text) if p.strip(" .;")]


def _dedupe(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The same line logged twice is reported once."""
    seen: set[str] = set()
    unique = []
    for item in items:
        key = " ".join(item[0].casefold().split())
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _shown_first(items: Sequence[Ranked], limit: int, *, rewrite: bool) -> tuple[list[Ranked], list[str]]:
    """Every item and its text, the ones the update can show first, in their exact order: the `limit - 1` kept,
    then those the "+N more" line can quote (up to one past its budget); the rest, never fully ranked, in the
    writer's order. With `rewrite`, the shown ones are put result-first (when the rules can, keeping every fact)."""
    first: list[Ranked] = []
    texts: list[str] = []
    used = 0
    for item in ranked(items):
        first.append(item)
        texts.append(restructure(item.text) if rewrite and not item.activity_only else item.text)
        if len(items) > limit and len(first) >= limit:
            used += len(texts[-1]) + 2
            if used > MORE_CHARS:
                break
    taken = {item.index for item in first}
    rest = [item for item in items if item.index not in taken]
    return first + rest, texts + [item.text for item in rest]


def _activity_warnings(items: Sequence[Ranked]) -> list[str]:
    return [
        f"'{i.text}' says what was done, not what it achieved. {i.verdict.question}"
        for i in items
        if i.verdict is not None and i.verdict.activity_only
    ]
