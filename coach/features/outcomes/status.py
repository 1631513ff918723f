"""How far along a task is, read from its own markers: done, in progress, blocked, planned — or not said.

A result can only be reported for work that is done. "🟡 billing migration, 3 of 5 services moved" states a
number, but what the reader needs is when the rest lands and what is in the way; "- [ ] Add caching" is a
plan, not an outcome. Markers are read in order of strength: words and signs in the text (WIP, 🟡, 🔴,
"in progress", "remaining", "blocked", "waiting on", "will be done after …"), then the list's own check box
([ ] / [x] / ✅), then the tense of the first verb ("Added" is done; "Add" is a to-do — unless the list is
written in the past tense, where an imperative line is a ticket's title).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from coach.analysis.activity import TICKET
from coach.features.outcomes.schema import Status
from coach.features.outcomes.verbs import first_verb, is_imperative, is_past

__all__ = ["Box", "Status", "box_of", "is_to_do_list", "status_of"]

Box = Literal["open", "ticked"]
"""A list's check box: "[ ]" (open) or "[x]" / "✅" (ticked)."""

_NOT = r"(?<!\bnot )(?<!\bno longer )(?<!\bun)"
_BLOCKED = re.compile(
    r"[🔴⛔🛑🚫]"
    rf"|^\W*blocked\s*(?:[:—–-]|$)|{_NOT}\bblocked\s*(?=$|[.,;:!)\]—–-]|(?:on|by|until|pending|waiting|behind|for)\b)"
    r"|\b(?:is|are|was|were|still|currently|got|stays?)\s+blocked\b|\bblockers?\b(?!\s*:?\s*(?:none|nothing|n/?a)\b)"
    r"|\b(?:waiting|wait)\s+(?:on|for)\b|\bawaiting\b|\bon hold\b|\bstuck\b|\bpending\s+(?:on\s+)?\w"
    r"|\b(?:can't|cannot|can not)\s+(?:proceed|continue|start|finish|move forward)\b",
    re.IGNORECASE,
)
_IN_PROGRESS = re.compile(
    r"[🟡🟠🚧⏳🔄]|\bWIP\b|\bin[ -]progress\b|\bongoing\b|\bunder\s?way\b|\bremaining\b|\bleft to do\b"
    r"|\b(?:still|yet)\s+to\s+(?:do|finish|go)\b|\bhalf(?:way| done)\b|\bpartially\b|\bpart(?:ly)? done\b"
    r"|\b\d+\s?%\s+(?:done|complete|completed|finished|through|there|migrated|rolled out)\b"
    r"|\b(?:almost|nearly|mostly|not yet|not quite)\s+(?:done|there|finished|complete|ready|live)\b"
    r"|\b(?:will|should|to)\s+be\s+(?:done|ready|finished|completed?|shipped|live|merged|deployed|released|landed)\b"
    r"|\b(?:should|will|expected to|set to|due to)\s+(?:land|ship|go live|be live)\b|\bETA\b|\bdue\s+(?:on|by)\b"
    r"|\b(?:in|under|awaiting)\s+(?:code\s+)?review\b|\bworking\s+on\b|\bcontinu(?:e|ed|ing)\s+(?:to|with|on)\b"
    r"|^\W*(?:started|starting|began|begun|drafting|implementing|building|migrating|writing|testing)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"[📅🗓🔜☐⬜]|\bTODO\b|\bto-?do\s*:|\b(?:planned|planning to|plan to|going to|intend to|upcoming)\b"
    r"|^\W*(?:next|later|soon|backlog)\s*[:—–-]|^\W*(?:(?:we|i|team)\s+)?(?:will|shall|must|need to|should)\s+\w",
    re.IGNORECASE,
)
# "next week" or "later" name a plan only when the line states nothing done ("2 more lined up next week" in a
# line about interviews held is a result with a next step).
_LATER = re.compile(r"\bnext\s+(?:week|sprint|month|quarter|cycle|release|year)\b|\blater\s+(?:this|next)\b", re.I)
_DONE = re.compile(
    r"[✅✔☑✓🟢]|(?<!\bbe )(?<!\bnot )(?<!\bhalf )(?<!\balmost )(?<!\bnearly )(?<!\bmostly )"
    r"\b(?:done|completed?|finished)\s*(?:$|[.!,;:)\]—–-])",
    re.IGNORECASE,
)


def box_of(line: str) -> Box | None:
    """The check box a list line opens with, if any ("- [ ] …" open, "- [x] …" or "✅ …" ticked)."""
    head = line.lstrip(" \t-*•·+>0123456789.)`")
    if re.match(r"\[\s\]", head) or head.startswith(("☐", "⬜")):
        return "open"
    if re.match(r"\[[xX✓✔]\]", head) or head.startswith(("✅", "✔", "☑", "✓")):
        return "ticked"
    return None


def status_of(task: str, box: Box | None = None, *, states_result: bool = False, to_do_list: bool = False) -> Status:
    """How far along `task` is (see the module docstring for the order the markers are read in)."""
    if _BLOCKED.search(task):
        return "blocked"
    if _IN_PROGRESS.search(task):
        return "in_progress"
    if _PLANNED.search(task) or (not states_result and _LATER.search(task)):
        return "planned"
    if box is not None:
        return "planned" if box == "open" else "done"
    if _DONE.search(task):
        return "done"
    verb = first_verb(task)
    if is_past(verb):
        return "done"
    # A list written as to-dos (no past tense, imperatives) plans every unmarked line, named tasks included.
    if to_do_list and (is_imperative(verb) or not states_result):
        return "planned"
    return "done" if states_result else "unknown"


def is_to_do_list(tasks: Sequence[str]) -> bool:
    """Whether a list reads as a plan: two or more lines open with an imperative, and none is in the past tense.

    A ticket's title is imperative by convention ("PAY-12 Fix double charge"), so a line with a ticket ID does
    not count; in a list of what was done, imperatives are such titles, not plans.
    """
    verbs = [first_verb(t) for t in tasks]
    if any(is_past(v) for v in verbs):
        return False
    return sum(is_imperative(v) for t, v in zip(tasks, verbs, strict=True) if not TICKET.search(t)) >= 2
