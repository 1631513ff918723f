"""The offline outcome engine: restructure the user's own words result-first; never invent a result.

"migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms" becomes "Cut p95 latency
from 420ms to 180ms by migrating billing service to Postgres 16": the result clause moves to the front, the
activity becomes "by …". Only the verb forms change, and every statement is fact-checked against its task:
if a number, name, ticket ID or negation would be lost or added, the task's own wording is used instead.
A task with no result ("completed JIRA-4411") is restated as it is, labelled, and gets the one question that
would turn it into an outcome.
"""

from __future__ import annotations

import re

from coach.analysis.activity import TICKET, assess
from coach.analysis.facts import compare
from coach.features.outcomes.schema import OutcomeItem

NOT_STATED = "result not stated yet"
"""The label on a restated activity: honest that the result is missing, without inventing one."""

# "…, cutting X", "… reducing X": a result clause led by a present participle.
_PARTICIPLE_PAST = {
    "cutting": "cut", "reducing": "reduced", "lowering": "lowered", "saving": "saved", "improving": "improved",
    "increasing": "increased", "boosting": "boosted", "raising": "raised", "doubling": "doubled",
    "tripling": "tripled", "halving": "halved", "eliminating": "eliminated", "preventing": "prevented",
    "avoiding": "avoided", "unblocking": "unblocked", "freeing": "freed", "shortening": "shortened",
    "bringing": "brought", "recovering": "recovered", "decreasing": "decreased", "growing": "grew",
    "shrinking": "shrank", "unlocking": "unlocked", "winning": "won", "dropping": "dropped",
    "removing": "removed", "speeding": "sped", "taking": "took", "making": "made", "giving": "gave",
}  # fmt: skip
_PARTICIPLE = re.compile(rf"(?:,|;|—|–|\s-)?\s+(?P<verb>{'|'.join(_PARTICIPLE_PAST)})\s+", re.IGNORECASE)
_WHICH_PAST = re.compile(
    r",?\s+which\s+(?P<verb>cut|reduced|lowered|saved|improved|increased|doubled|halved|unblocked|prevented|"
    r"eliminated|freed|removed|brought|shortened|boosted|raised|decreased)\s+",
    re.IGNORECASE,
)
_RESULTING = re.compile(
    r",?\s+(?:resulting in|which resulted in|leading to|which led to|and got|for)\s+(?=\S*\d)", re.IGNORECASE
)
_IRREGULAR_GERUND = {
    "built": "building", "rebuilt": "rebuilding", "wrote": "writing", "rewrote": "rewriting", "ran": "running",
    "made": "making", "put": "putting", "split": "splitting", "set": "setting", "cut": "cutting",
    "took": "taking", "got": "getting", "led": "leading", "sent": "sending", "spent": "spending",
    "began": "beginning", "drove": "driving", "brought": "bringing", "chose": "choosing", "found": "finding",
    "gave": "giving", "kept": "keeping", "left": "leaving", "let": "letting", "moved": "moving",
    "shipped": "shipping", "stopped": "stopping", "dropped": "dropping", "swapped": "swapping",
    "tied": "tying", "froze": "freezing", "shut": "shutting", "taught": "teaching", "bought": "buying",
    "sold": "selling", "won": "winning", "undid": "undoing", "redid": "redoing", "did": "doing",
}  # fmt: skip
_NOT_VERBS = frozenset({"need", "speed", "seed", "feed", "bed", "red", "shed", "bled", "led"})
_PRONOUN = re.compile(r"(?:them|it|its|their|they|this|that|these|those|him|her|his)\b", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:i|we|the team|our team|team)\s+", re.IGNORECASE)
_LEADING_TICKET = re.compile(rf"^\[?(?P<id>{TICKET.pattern})\]?\s*(?:[:|—–-]\s*)?")
# Only a ticket set apart closes a task ("… (PAY-12)", "… - PAY-12"); in "completed PAY-12" it is the object.
_TRAILING_TICKET = re.compile(rf"(?:\s*[(\[](?P<id>{TICKET.pattern})[)\]]|\s+[|—–-]\s*(?P<id2>{TICKET.pattern}))\s*$")


def offline_outcome(task: str) -> OutcomeItem:
    """The outcome item for one task, from the task's own words."""
    verdict = assess(task)
    if verdict.activity_only:
        return OutcomeItem(
            task=task, outcome=f"{sentence(task)} — {NOT_STATED}", activity_only=True, question=verdict.question
        )
    return OutcomeItem(task=task, outcome=restructure(task), activity_only=False, question=verdict.question)


def restructure(task: str) -> str:
    """`task` result-first when it has a result clause to move; its ticket ID kept at the end.

    Fact-checked: if the restructured statement would lose or add a number, name, ticket ID or negation,
    the task's own wording is returned instead.
    """
    body, ticket = _split_ticket(task)
    statement = _result_first(body) or sentence(body)
    if ticket and ticket not in statement:
        statement = f"{statement} ({ticket})"
    # Checked against the task with its ticket moved to the end: "PAY-12 Moved …" would otherwise make
    # "Moved" look like a name (a capital mid-sentence) that the statement drops.
    original = f"{sentence(body)} ({ticket})" if ticket else task
    return statement if compare(original, statement).ok and compare(task, statement).added == [] else sentence(task)


def _split_ticket(task: str) -> tuple[str, str | None]:
    """The task without a ticket ID that opens or closes it ("PAY-12: …", "… (PAY-12)"), and that ID."""
    for pattern in (_LEADING_TICKET, _TRAILING_TICKET):
        match = pattern.search(task)
        rest = (task[: match.start()] + task[match.end() :]).strip() if match else ""
        if match and rest:
            return rest, match["id"] or match.groupdict().get("id2")
    return task, None


def _result_first(body: str) -> str | None:
    """ "<result> by <doing the activity>", or None when there is no result clause after an activity."""
    body = body.strip().rstrip(".")
    for pattern, tense in ((_PARTICIPLE, _PARTICIPLE_PAST), (_WHICH_PAST, None)):
        match = pattern.search(body)
        if match is None or match.start() == 0:
            continue
        activity, result = body[: match.start()].strip(" ,;—–-"), body[match.end() :].strip()
        if not activity or not result or _PRONOUN.match(result):
            continue  # "saving them 5 hours": moved first, "them" would point at nothing
        verb = match["verb"].lower()
        verb = tense[verb] if tense else verb
        gerund = _gerund_phrase(activity)
        lead = f"{verb.capitalize()} {result}"
        return f"{lead} by {gerund}" if gerund else f"{lead} — {sentence(activity)}"
    match = _RESULTING.search(body)
    if match and match.start() > 0:
        activity, result = body[: match.start()].strip(" ,;—–-"), body[match.end() :].strip()
        gerund = _gerund_phrase(activity)
        if activity and result and not _PRONOUN.match(result):
            return f"{_capitalise(result)} after {gerund}" if gerund else f"{_capitalise(result)} — {activity}"
    return None


def _gerund_phrase(activity: str) -> str | None:
    """ "migrated X" → "migrating X"; None unless the activity opens with a past-tense verb we can convert."""
    activity = _SUBJECT.sub("", activity)
    first, _, rest = activity.partition(" ")
    word = first.lower()
    if word in _IRREGULAR_GERUND:
        gerund = _IRREGULAR_GERUND[word]
    elif word.endswith("ied") and len(word) > 4:
        gerund = word[:-3] + "ying"
    elif word.endswith("ed") and len(word) > 4 and word.isalpha() and word not in _NOT_VERBS:
        gerund = word[:-2] + "ing"
    else:
        return None
    return f"{gerund} {rest}".strip()


def sentence(text: str) -> str:
    """`text` as a statement: trimmed, no closing full stop, first letter capitalised if it is a plain word."""
    text = " ".join(text.split()).rstrip(".")
    return _capitalise(text)


def _capitalise(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.islower():
        return text[0].upper() + text[1:]
    return text
