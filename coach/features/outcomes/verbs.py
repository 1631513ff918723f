"""Verbs at the start of a task: which word it is, its tense, and its -ing form ("Added" → "adding").

A task list is written in verbs: "Added caching" is done, "Add caching" is a to-do, and a question about it
reads "what did adding caching change?". Shared by the status rules, the questions and the result-first
statements of this feature.
"""

from __future__ import annotations

import re

from coach.analysis.activity import TICKET

_SUBJECT = re.compile(r"^(?:i|we|the team|our team|team)\s+", re.IGNORECASE)
_LEAD = re.compile(rf"^[\W_]*(?:{TICKET.pattern}[\W_]*)*")
# Past tense: "-ed" or an irregular past that is not also a present form ("set", "put" and "cut" are both).
_IRREGULAR_PAST = frozenset(
    "built rebuilt wrote rewrote ran made split took got led sent spent began drove brought chose found gave kept "
    "left let moved shipped froze shut taught bought sold won undid redid did held met spoke told saw read-through "
    "went came dug fed flew grew hid knew lost paid rode rose sang sat slept stood struck swam swung threw woke "
    "wore drew broke fought caught sought thought".split()
)
_NOT_PAST = frozenset({"need", "speed", "seed", "feed", "bed", "red", "shed", "bled", "embed", "proceed", "exceed"})
# Base forms that open a to-do ("Add caching", "Write docs"). Verbs only; "Set", "Put", "Cut" and "Read" are
# also past forms, so they say nothing about the tense and are left out.
_IMPERATIVE = frozenset(
    "add build create write fix update upgrade migrate move implement refactor review check investigate "
    "deploy release publish ship remove delete replace rename document install configure setup integrate improve "
    "optimize optimise support enable disable monitor automate verify validate examine explore research evaluate run "
    "invite find package distribute generate format convert clean merge switch introduce design draft prepare "
    "define finish complete deprecate drop rewrite redesign ensure make allow handle port bump pin tune profile "
    "benchmark measure track log expose extract train retrain label annotate ask contact schedule hire interview "
    "onboard organise organize host present demo share send email call meet discuss decide agree sign close open "
    "start begin continue resolve triage debug reproduce translate localise localize consolidate standardise "
    "standardize professionalize professionalise commit adopt collect gather reduce cut increase lower speed "
    "simplify split upload download archive backup restore audit encrypt secure harden patch wire connect "
    "expand extend polish tidy mock stub cache index shard scale load instrument alert page rotate revoke".split()
)
IRREGULAR_GERUND = {
    "built": "building", "rebuilt": "rebuilding", "wrote": "writing", "rewrote": "rewriting", "ran": "running",
    "made": "making", "put": "putting", "split": "splitting", "set": "setting", "cut": "cutting",
    "took": "taking", "got": "getting", "led": "leading", "sent": "sending", "spent": "spending",
    "began": "beginning", "drove": "driving", "brought": "bringing", "chose": "choosing", "found": "finding",
    "gave": "giving", "kept": "keeping", "left": "leaving", "let": "letting", "moved": "moving",
    "shipped": "shipping", "stopped": "stopping", "dropped": "dropping", "swapped": "swapping",
    "tied": "tying", "froze": "freezing", "shut": "shutting", "taught": "teaching", "bought": "buying",
    "sold": "selling", "won": "winning", "undid": "undoing", "redid": "redoing", "did": "doing",
}  # fmt: skip
# Verbs that say little about what the work is ("Added the migration guide" is about a guide, not a migration):
# the object names the topic. A verb like "refactored" or "rightsized" names it itself.
_GENERIC = frozenset(
    "add added write wrote written create created build built implement implemented update updated make made set "
    "fix fixed finish finished complete completed do did ship shipped deliver delivered improve improved introduce "
    "introduced rework reworked prepare prepared draft drafted setup start started continue continued put "
    "get got provide provided enable enabled support supported handle handled".split()
)
_DOUBLED = frozenset("set cut run put get let ship stop drop plan swap shut spin sit hit begin".split())


def first_verb(task: str) -> str:
    """The task's first word, lower-cased, past any ticket ID, marker or subject ("We shipped" → "shipped")."""
    body = _SUBJECT.sub("", _LEAD.sub("", task))
    first = re.match(r"[A-Za-z][a-z'-]*", body)
    return first.group().lower() if first else ""


def is_past(word: str) -> bool:
    return word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST)


def is_imperative(word: str) -> bool:
    return word in _IMPERATIVE


def is_generic(word: str) -> bool:
    """Whether the verb leaves the topic to its object ("added", "wrote", "fix")."""
    return word in _GENERIC


def gerund(word: str) -> str | None:
    """ "added" → "adding", "write" → "writing", "set" → "setting"; None for a word that is not a known verb form."""
    if word in IRREGULAR_GERUND:
        return IRREGULAR_GERUND[word]
    if is_past(word) and word.isalpha():
        if word.endswith("ied"):
            return word[:-3] + "ying"
        stem = word[:-2] if not word.endswith("eed") else word[:-1]
        # "shipped" → "shipping" keeps its double consonant; "stored" → "storing" loses the "e" it had.
        return stem + "ing" if not stem.endswith("e") else stem[:-1] + "ing"
    if is_imperative(word):
        if word in _DOUBLED:
            return word + word[-1] + "ing"
        if word.endswith("ie"):
            return word[:-2] + "ying"
        if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
            return word[:-1] + "ing"
        return word + "ing"
    return None
