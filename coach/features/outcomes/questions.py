"""The one question per task that still needs an answer: chosen by status, then by topic, worded in turn.

Work not done yet is asked when it lands and what is in the way; done work without a result is asked the
question of its topic (prompts/outcome_questions.yaml: security → which risk is gone, tests → which failures
are caught earlier, …). A list that comes back to a topic gets the topic's next wording, and a wording may name
the task's object ("the database indexes") or its work ("rotating the database credentials"), so ten test
tasks do not read as ten copies of one line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from coach.analysis.activity import TICKET, Assessment, load_questions, placeholders, tickets, topic_of
from coach.features.outcomes.status import Status
from coach.features.outcomes.verbs import first_verb, gerund, is_generic, is_imperative, is_past

# What ends a task's object: a preposition, a clause word or punctuation ("Add caching *to* the API").
_BOUNDARY = re.compile(
    # Linear time: a run of spaces is entered at its start only (the look-behinds) and read once (possessive).
    r"(?:^|(?<!\s)\s++)(?:for|with|in|on|from|by|into|onto|after|before|using|via|so|because|which|that|who|when|where|"
    r"while|across|between|per|at|as|against|without|instead|than|if|until|once|and then|then|plus|including|"
    r"over|under|about|around|within|behind|like|blocked|waiting|pending|remaining|will|is|are|was|were|has|"
    r"have|had|still|now|done)\b"
    # "to", but not inside "end to end", "peer to peer", "one to one", "face to face"
    r"|(?:^|(?<!\bend)(?<!\bpeer)(?<!\bone)(?<!\bface)(?<!\s)\s++)to\b"
    r"|[,;:(\[!?]|\s[—–-]\s|—|–|\.(?:\s|$)|\s\+\s|\s&\s",
    re.IGNORECASE,
)
# Verbs whose object is a clause ("Verify code runs and tests pass"): nothing short to name.
_CLAUSE_VERBS = frozenset({"verify", "verified", "ensure", "ensured", "check", "checked", "confirm", "confirmed"})
_DETERMINERS = re.compile(
    r"^(?:(?:a|an|the|all|any|some|our|my|more|every|each|both|several|few|new|existing|current|final|better|"
    r"proper|initial|first|basic)\s+)+",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:it|its|them|they|their|this|that|these|those|him|her|his|us|we|i|me|you|your)\b", re.I)
_LABEL = re.compile(r"^(?:wip|todo|to-?do|blocked|done|in progress|next|later|planned|remaining)\s*[:—–-]\s*", re.I)
_PARTICLE = frozenset({"up", "out", "into", "off", "over", "down", "back", "through"})
_EMPHASIS = re.compile(r"(?<![\w`])(?:\*\*|__|\*|_)(?=[^\s*_])|(?<=[^\s*_])(?:\*\*|__|\*|_)(?![\w`])")
_MAX_WORDS = 6


def unmark(task: str) -> str:
    """`task` without Markdown emphasis ("**Update deps**", "_beta-testers_"); snake_case names are kept."""
    return _EMPHASIS.sub("", task)


@dataclass(frozen=True)
class Work:
    """What a task works on, as a question can name it."""

    verb: str
    """The task's first verb, lower-cased ("" when the line has none)."""
    thing: str | None
    """Its object as a noun phrase: "Added database indexes" → "the database indexes"; a verbless line whole, in
    quotes ("“Performance testing”"); None when there is no short object to name."""
    doing: str | None
    """The work as a gerund phrase: "rotating the database credentials"; None without a verb and an object."""
    head: str | None
    """The object as written, for the topic ("migration guide" is about a guide)."""


def read_work(task: str) -> Work:
    """The verb, object and gerund phrase of `task` (see `Work`)."""
    body = unmark(TICKET.sub(" ", task))
    body = re.sub(r"^[^\w`\"'“]+", "", body).strip()
    body = _LABEL.sub("", body)
    title, colon, _ = body.partition(": ")
    if colon and 0 < len(title.split()) <= _MAX_WORDS:
        body = title  # "Update actions/cache: Migrate from v2 to v3+" is named by its title
    body = re.sub(r"^(?:i|we|the team|our team|team)\s+", "", body, flags=re.IGNORECASE)
    verb = first_verb(body)
    words = body.split()
    if not words:
        return Work("", None, None, None)
    rest = words[1:]
    # "Commit signing", "Release notes": a verb-looking word before a lone -ing/-s noun is a compound name.
    compound = len(rest) == 1 and rest[0].lower().endswith(("ing", "notes"))
    phrasal = bool(rest) and rest[0].lower() in _PARTICLE  # "Set up …", "Roll out …": a verb and its particle
    # Not "-ing": at the start of a task it is as often a noun ("Onboarding checklist shipped") as a verb.
    if verb and not compound and (is_past(verb) or is_imperative(verb) or phrasal):
        if verb in _CLAUSE_VERBS:
            return Work(verb, None, None, None)
        particle = rest[0] if phrasal else ""
        written = _cut(_before_next_verb(rest[1:] if phrasal else rest), drop_determiners=False)
        phrase = _cut(written) if written else None
        if written is None or phrase is None:
            return Work(verb, None, None, None)
        # "the SDK": a name keeps the article it was written with; a plain noun phrase gets "the".
        had_the = written.lower().startswith("the ")
        thing = f"the {phrase}" if phrase[:1].islower() or phrase[:1] == "`" or had_the else phrase
        doing = gerund(verb)
        return Work(verb, thing, " ".join(w for w in (doing, particle, written) if w) if doing else None, phrase)
    phrase = _cut(body, drop_determiners=False)
    return Work("", f"“{phrase}”" if phrase else None, None, phrase)


def task_object(task: str) -> str | None:
    """What the task works on, as a phrase a question can name (see `Work.thing`)."""
    return read_work(task).thing


def _cut(text: str, *, drop_determiners: bool = True) -> str | None:
    """`text` up to its first boundary, determiners dropped; None if nothing short and self-contained is left."""
    match = _BOUNDARY.search(text)
    phrase = (text[: match.start()] if match else text).strip(" .!?")
    if drop_determiners:
        phrase = _DETERMINERS.sub("", phrase)
    if not phrase or len(phrase.split()) > _MAX_WORDS or _PRONOUN.search(phrase) or phrase.count("`") % 2:
        return None
    return phrase


def _before_next_verb(words: list[str]) -> str:
    """The words up to "and <verb>" ("`alfy-test` and add more coverage" → "`alfy-test`")."""
    for i in range(1, len(words) - 1):
        following = words[i + 1].lower()
        if words[i].lower() == "and" and (is_imperative(following) or is_past(following)):
            return " ".join(words[:i])
    return " ".join(words)


@dataclass
class Asker:
    """Asks the questions of one list; a topic asked again gets its next wording."""

    asked: Counter[str] = field(default_factory=Counter)

    def ask(self, task: str, status: Status, verdict: Assessment) -> str | None:
        """The one question for `task`, or None when it is a finished outcome (done, result stated)."""
        book, _ = load_questions()
        work = read_work(task)
        # "Added the migration guide" is about a guide: after a verb that names no topic, the object's head does.
        topic = topic_of(work.head, last=True) if work.head and is_generic(work.verb) else None
        topic = topic or topic_of(unmark(task))
        term = topic.term if topic else ""
        key: str
        if status in ("in_progress", "blocked") and book.status is not None:
            wordings = book.status.in_progress if status == "in_progress" else book.status.blocked
            key = status
        elif status == "planned" and book.status is not None:
            if topic is not None and topic.rule.planned:
                wordings, key = topic.rule.planned, f"planned {topic.index}"
            else:
                wordings, key = book.status.planned, "planned"
        elif not verdict.activity_only and not verdict.vague:
            return None
        elif verdict.vague:
            wordings, key = (book.vague, *book.vague_more), "vague"
        elif topic is not None:
            wordings, key = (topic.rule.question, *topic.rule.more), f"topic {topic.index}"
        elif ids := tickets(task):
            return book.ticket_question.format(ticket=ids[0])
        else:
            wordings, key = (book.fallback, *book.fallback_more), "fallback"
        have = {"term"} | {name for name in ("thing", "doing") if getattr(work, name) is not None}
        fits = [w for w in wordings if placeholders(w) <= have]
        # A wording that names the task's own work is the more specific one: asked first when it fits.
        usable = [w for w in fits if placeholders(w) - {"term"}] + [w for w in fits if not placeholders(w) - {"term"}]
        chosen = usable[self.asked[key] % len(usable)]
        self.asked[key] += 1
        return chosen.format(term=term, thing=work.thing or "", doing=work.doing or "")
