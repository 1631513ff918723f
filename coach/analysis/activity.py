"""Activity vs outcome: does a line say what it achieved, or only what was done — and what to ask if not.

"Completed JIRA-123" and "added regularisation to the model" are activities: they say what someone did, not
what changed for whom. A line is an outcome when it carries a *result signal*: a metric (a number with a
unit, a percentage, money, a before → after), a stated result ("cutting …", "so that …", "which lets …",
"for customers", "now …", "can now …"), people counted doing something ("12 enterprise customers used it"),
a measure that moved ("tickets dropped from 40 a week to 6"), an achievement verb ("hired", "saved",
"unblocked"), or an honest negative result ("none successful", "didn't help"). Shared by the outcomes and
weekly features of both engines and by the eval graders, so the rules live here once. The questions are data:
prompts/outcome_questions.yaml (`topic_of` finds a line's topic; the outcomes feature words the question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coach.analysis.facts import PRODUCTS
from coach.data import PROMPTS_DIR, read_yaml

QUESTIONS_PATH = PROMPTS_DIR / "outcome_questions.yaml"

TICKET = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b")
"""Jira / Linear / YouTrack style IDs: PAY-1423, ENG-42, JIRA-4411."""

# "I shipped …", "We hired …": the checks anchored at the start look past the subject.
_SUBJECT = re.compile(r"^(?:i|we|the team|our team|team)\s+", re.IGNORECASE)
# Linear time: a number is read whole, once, from its first digit. A match never starts inside a number (the
# look-behinds) and never gives digits back (the atomic group): no unit, "%" or arrow starts with a digit or a
# separator, so a shorter reading could never fit where the whole one does not.
_NUM_START = r"(?<!\d)(?<!\d[.,])"
_NUM = rf"{_NUM_START}(?>\d+(?:[.,]\d+)*)"
_UNITS = (
    r"ms|msec|s|sec|secs|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|"
    r"x|×|k|m|bn|b|kb|mb|gb|tb|pb|qps|rps|tps|req/s|rpm|fps|"
    r"users?|customers?|clients?|merchants?|accounts?|signups?|sign-ups?|subscribers?|seats?|"
    r"deals?|leads?|orders?|transactions?|requests?|errors?|incidents?|alerts?|pages?|calls?|"
    r"downloads?|installs?|visits?|sessions?|conversions?|points?|pp|bps|basis points|"
    r"dollars?|euros?|pounds?|usd|eur|gbp|teams?|people|engineers?|hires?|offers?"
)
_METRIC = re.compile(
    # "\b" before a unit's number: at its start, or after a separator inside it ("x1,5 ms" is read from "5").
    rf"(?:[$€£¥]\s?{_NUM}|{_NUM}\s?(?:%|percent\b|per cent\b)|{_NUM_START}(?:\b|(?=\d++[.,]\d)){_NUM}\s?(?:{_UNITS})\b"
    # "from <word with a digit> to <word with a digit>": each word is read once (a look-ahead finds its digit).
    rf"|\bfrom\s+(?=[^\s\d]*+\d)\S++\s+(?:down\s+|up\s+)?to\s+[^\s\d]*+\d|{_NUM}\s*+(?:→|->|=>)\s*+[^\s\d]*+\d"
    ")",
    re.IGNORECASE,
)
"""Numbers that measure a result. A bare count ("reviewed 5 PRs") or a version ("Postgres 16") does not."""
_VERSION_NUMBER = r"v?\d+(?:\.\d+)*"
_VERSION_MOVE = rf"{_VERSION_NUMBER}\s*(?:to|→|->|=>)\s*{_VERSION_NUMBER}"
_NOT_A_UNIT = rf"(?![\w%]|\.\d|\s?(?:{_UNITS})\b)"
_VERSIONS = re.compile(
    # "Kubernetes 1.27 → 1.29", "Node from 18 to 20", "Postgres to 16": numbers after a product are versions
    rf"(?<![\w.])(?-i:{'|'.join(re.escape(p) for p in sorted(PRODUCTS, key=len, reverse=True))})\s+"
    rf"(?:(?:from|to)\s+)?(?:{_VERSION_MOVE}|{_VERSION_NUMBER}){_NOT_A_UNIT}"
    rf"|\b(?:version|ver\.?)\s*{_VERSION_NUMBER}|\bv\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+(?:\.\d+)*\b",
    re.IGNORECASE,
)
"""Versions, masked before looking for a metric: a product's number, "version 2", "v2.3", "4.17.21"."""
_UPGRADE = re.compile(r"\b(?:upgrad\w*|bump\w*|updat\w*|pinn?(?:ed|ing)?|patch(?:ed|ing)?|rolled|migrat\w*)\b", re.I)
# In an upgrade, a move between dotted numbers ("the cluster from 1.27 to 1.29") is a version change. Not when
# the numbers start with 0 (F1 from 0.82 to 0.91) or carry a unit: those are measurements.
_DOTTED_MOVE = re.compile(
    rf"(?P<move>\b(?:from\s+)?(?>[1-9]\d*\.\d+(?:\.\d+)*)\s*(?:to|→|->|=>)\s*v?[1-9]\d*\.\d+(?:\.\d+)*{_NOT_A_UNIT})"
    # Linear time: where a number is not the start of a move, no later start inside it is either (each would end
    # where it ends), so the rest of it is skipped in one step instead of being tried again at every digit.
    r"|\b[1-9](?>\d*(?:\.\d+)*)",
    re.IGNORECASE,
)

_AUDIENCE = (
    r"users?|customers?|merchants?|partners?|sellers?|buyers?|teams?|sales|support|ops|finance|"
    r"marketing|legal|analysts?|data scientists?|engineers?|developers?|everyone|admins?|patients?|"
    r"riders?|members?|subscribers?|tenants?|students?|doctors?|leadership|"
    r"execs?|executives?|stakeholders?|product|management|on-call"
)
# People, but also software ("the payment client", "GPU drivers", "build agents", "service accounts"): a person
# only right after "for/to [our/all/the ...]" with no other word before it, and in the singular only after "for"
# ("built the dashboard for the client", not "added retries to the client").
_PEOPLE_OR_SOFTWARE = r"client|driver|agent|account"
_AUDIENCE_QUALIFIERS = (
    r"(?:our\s+|all\s+|the\s+|every\s+|new\s+|existing\s+|enterprise\s+|paying\s+|internal\s+|\d+\s+|most\s+|"
    r"EU\s+|US\s+)*"
)
_STRONG_RESULT = re.compile(
    r"(?:[,;:—–]\s*|\s)(?:cutting|reducing|lowering|saving|improving|increasing|boosting|raising|doubling|"
    r"tripling|halving|eliminating|preventing|avoiding|unblocking|enabling|allowing|letting|freeing|"
    r"speeding up|shortening|bringing|recovering|removing the (?:need|risk)|decreasing|growing|shrinking|"
    r"unlocking|winning|closing the gap)\b"
    r"|\bso(?: that)?\s+(?:we|the|our|they|he|she|it|users?|customers?|\w+s)\b"
    r"|\bwhich\s+(?:cut|cuts|reduced|reduces|lowered|saved|saves|improved|improves|increased|doubled|halved|"
    r"lets|let|allows|allowed|enables|enabled|means|meant|unblocked|unblocks|prevents|prevented|eliminated|"
    r"freed|removed|fixed|gives|gave|brought|brings|made|makes|helped|helps)\b"
    r"|\b(?:resulting in|resulted in|leading to|led to|which means|meaning that)\b"
    r"|\bnow\b|\bno longer\b|\binstead of\b|\b(?:down|up) from\b|\b(?:can|could|are able to)\s+now\b"
    r"|\b(?:is|are|went|goes)\s+(?:now\s+)?(?:live|available|in production|generally available)\b",
    re.IGNORECASE,
)
_NEGATIVE_RESULT = re.compile(
    r"\bnone\s+(?:were\s+|was\s+)?(?:successful|accepted|passed|worked)\b|\bunsuccessful\b|\bnot successful\b"
    r"|\b(?:did not|didn't|does not|doesn't|has not|hasn't|have not|haven't)\s+(?:yet\s+)?(?:help|work|"
    r"improve|change|move|reproduce|pan out|land|converge|beat|pass|get|fix|reduce|scale)\b"
    r"|\bno\s+(?:measurable\s+|significant\s+|noticeable\s+)?(?:improvement|change|effect|impact|difference|"
    r"gain|lift|signal|offers?|takers|luck|progress)s?\b"
    r"|\b(?:was|were|got)\s+(?:rejected|declined|cancelled|canceled|turned down|dropped)\b"
    r"|\bfailed to\b|\b(?:it|this|that|which|but|and|experiment|attempt|test|rollout|launch|migration)\s+"
    r"failed\b|\binconclusive\b|\bregressed\b|\bworse\b|\bturned down\b|\bfell through\b"
    r"|\blost\s+(?:the\s+)?(?:deal|customer|account|candidate)\b|\bstill\s+(?:blocked|failing|broken|slow)\b",
    re.IGNORECASE,
)
_ACHIEVEMENT = re.compile(
    r"^(?:hired|signed|won|passed|landed|secured|onboarded|renewed|retained|unblocked|recovered|"
    r"closed\s+(?:\S+\s+){0,2}(?:deal|round|contract|sale|renewal|partnership)s?)\b",
    re.IGNORECASE,
)
"""Verbs whose object is the result itself: "Hired a head of data", "Closed the Acme deal"."""
_IMPROVEMENT = re.compile(
    r"^(?:cut|reduced|lowered|decreased|saved|increased|improved|raised|grew|doubled|tripled|halved|"
    r"eliminated|prevented|avoided|achieved|gained|reached|beat|exceeded|shortened|sped up|accelerated|"
    r"boosted|stabili[sz]ed|fixed\s+(?:\S+\s+){0,3}for)\b",
    re.IGNORECASE,
)
"""A result claimed at the start ("Improved search") — an outcome, but vague without a number."""
_LAUNCH = re.compile(r"^(?:launched|shipped|released|rolled out|opened|made\s+\S+\s+available)\b", re.IGNORECASE)
"""Launched *to someone* is an outcome: "Rolled out dark mode to all users"."""
_FOR_WHOM = re.compile(
    rf"\b(?:(?:for|to|helping|helps|helped|lets|let)\s+{_AUDIENCE_QUALIFIERS}"
    rf"(?:(?:[\w-]+\s+)?(?:{_AUDIENCE})|(?:{_PEOPLE_OR_SOFTWARE})s)"
    rf"|(?:for|helping|helps|helped|lets|let)\s+{_AUDIENCE_QUALIFIERS}(?:{_PEOPLE_OR_SOFTWARE}))\b"
    # "for the admin console" names a thing, not a person
    r"(?!\s+(?:console|page|panel|app|portal|service|dashboard|api|ui|view|tool|screen|flow|table|endpoint|"
    r"settings|area|site|module|repo|account|library|libraries|sdk|lib|side|certificate|cert|id|secret|key|"
    r"config|code)s?\b)",
    re.IGNORECASE,
)
"""Who benefits ("for the payments team"): part of an outcome, but vague without what changed for them."""
_PEOPLE = (
    r"users?|customers?|clients?|merchants?|partners?|sellers?|buyers?|teams?|people|engineers?|developers?|"
    r"admins?|members?|subscribers?|tenants?|students?|patients?|riders?|analysts?|companies|organi[sz]ations?|"
    r"orgs?|stores?|shops?|visitors?|readers?|players?|creators?|employees?|agents?|doctors?|accounts?"
)
# "12 enterprise customers used it in the first week", "40% of our users switched", "3 teams now ship daily":
# people counted as the *subject* of what they did is a result (a count as the object of an activity, "emailed
# 200 users", is not). Bounded: at most two words between the number and the people, one before the verb.
_PEOPLE_DID = re.compile(
    rf"(?:^|[,;:(—–]\s*|\b(?:and|so|while)\s+)(?:over\s+|more than\s+|about\s+|nearly\s+|almost\s+|all\s+)?"
    rf"{_NUM}(?:\s?%|\s+percent)?\s+(?:of\s+(?:our\s+|the\s+|all\s+)?)?(?:[^\W\d][\w-]*\s+){{0,2}}"
    rf"(?:{_PEOPLE})\s+(?:(?:have|has|had|now|already|all|also|each|then)\s+)?"
    r"(?:[a-z]+ed|are|were|is|was|got|get|gets|can|could|use|uses|bought|buy|chose|choose|paid|pay|gave|made|"
    r"make|left|came|come|went|took|take|said|say|told|saw|see|sent|send|spent|spend|kept|keep|ran|run|won|"
    r"lost|began|begin|found|no longer)\b",
    re.IGNORECASE,
)
# "support tickets dropped from 40 a week to 6", "signups rose by 30": a measure that moved, with its subject before
# it (at the start, "Increased the timeout to 30s" is a setting changed, not a result).
_CHANGED = re.compile(
    r"(?<![\w-])[\w-]++\s+(?:dropped|fell|rose|grew|went\s+(?:up|down)|climbed|jumped|declined|decreased|"
    r"increased|shrank|doubled|halved|tripled|improved|slipped|plunged|soared)\s+(?:\S+\s+){0,3}?"
    r"(?:from|to|by)\s+[^\s\d]{0,3}\d",
    re.IGNORECASE,
)
_COMPARATIVE = re.compile(
    r"\b(?:faster|quicker|cheaper|safer|fewer|smaller|lighter|more reliable|more stable|less (?:time|toil|"
    r"cost|manual|downtime|noise))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Assessment:
    """What a line states: a result (strong or vague), or only an activity, and the question to ask."""

    activity_only: bool
    """True when nothing in the line says what changed or for whom."""
    vague: bool
    """A result is claimed ("improved search") but not measured or tied to anyone."""
    question: str | None
    """The one question that would turn the line into an outcome; None when it already is one."""
    tickets: tuple[str, ...]


class QuestionRule(BaseModel):
    """One topic: the words that name it, and the questions that turn its activity into an outcome."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str = Field(min_length=1, description="What the rule is about, for people editing the file.")
    keywords: tuple[str, ...] = Field(min_length=1, description="Words naming the topic; end with * for a prefix.")
    question: str = Field(min_length=1, description="The question for done work; {term} is the matched words.")
    more: tuple[str, ...] = Field(
        default=(),
        description="Other wordings for done work, asked in turn when a list comes back to the topic; {term}, "
        "{thing}: the task's object ('the database indexes') and {doing}: its work ('adding database indexes'), "
        "each skipped for a task that has none.",
    )
    planned: tuple[str, ...] = Field(
        default=(),
        description="For work not done yet (when it lands, what it will change); {term}, {thing}, {doing}; at "
        "least one without {thing} and {doing} when given. Empty: the book's status.planned questions.",
    )

    @field_validator("question")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        _check_placeholders(value, {"term"})
        return value

    @model_validator(mode="after")
    def _wordings(self) -> QuestionRule:
        _check_wordings(self.more, {"term", "thing", "doing"}, need_plain=False)
        _check_wordings(self.planned, {"term", "thing", "doing"}, need_plain=bool(self.planned))
        return self


class StatusQuestions(BaseModel):
    """What to ask about work that is not done: it is the landing date and what is in the way that matter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    planned: tuple[str, ...] = Field(min_length=1, description="Not started (a to-do); {thing}.")
    in_progress: tuple[str, ...] = Field(min_length=1, description="Started, not done (WIP, remaining); {thing}.")
    blocked: tuple[str, ...] = Field(min_length=1, description="Waiting on someone or something; {thing}.")

    @model_validator(mode="after")
    def _check(self) -> StatusQuestions:
        for wordings in (self.planned, self.in_progress, self.blocked):
            _check_wordings(wordings, {"thing", "doing"}, need_plain=True)
        return self


class QuestionBook(BaseModel):
    """The schema of prompts/outcome_questions.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="Format version of the file.")
    rules: tuple[QuestionRule, ...] = Field(min_length=1, description="Topics, most specific first.")
    ticket_question: str = Field(min_length=1, description="When only a ticket ID names the work; {ticket}.")
    fallback: str = Field(min_length=1, description="When nothing names the work's topic.")
    fallback_more: tuple[str, ...] = Field(default=(), description="Other wordings of the fallback; {thing}.")
    vague: str = Field(min_length=1, description="When a result is claimed but not measured.")
    vague_more: tuple[str, ...] = Field(default=(), description="Other wordings of `vague`; {thing}.")
    status: StatusQuestions | None = Field(
        default=None, description="Questions for work not done yet, by status; none: the topic questions."
    )

    @model_validator(mode="after")
    def _check(self) -> QuestionBook:
        _check_placeholders(self.ticket_question, {"ticket"})
        _check_placeholders(self.fallback, set())
        _check_placeholders(self.vague, set())
        _check_wordings(self.fallback_more, {"thing", "doing"}, need_plain=False)
        _check_wordings(self.vague_more, {"thing", "doing"}, need_plain=False)
        return self


def placeholders(text: str) -> set[str]:
    """The {names} a question fills in."""
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _check_placeholders(text: str, allowed: set[str]) -> None:
    unknown = sorted(placeholders(text) - allowed)
    if unknown:
        can = f"only {', '.join(f'{{{a}}}' for a in sorted(allowed))}" if allowed else "no {placeholders}"
        raise ValueError(f"unknown placeholder {{{unknown[0]}}} ({can} here)")


def _check_wordings(wordings: tuple[str, ...], allowed: set[str], *, need_plain: bool) -> None:
    for text in wordings:
        _check_placeholders(text, allowed)
    # A task with no object to name ("Publish to PyPI") still needs a question it can be asked.
    if need_plain and all(placeholders(text) & {"thing", "doing"} for text in wordings):
        raise ValueError("at least one wording must use neither {thing} nor {doing} (a task may have no object)")


@cache
def load_questions(path: Path = QUESTIONS_PATH) -> tuple[QuestionBook, tuple[re.Pattern[str], ...]]:
    """The question book and one compiled pattern per rule (cached: read once per process)."""
    book = read_yaml(path, QuestionBook)
    return book, tuple(_keyword_pattern(rule.keywords) for rule in book.rules)


def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for keyword in sorted(keywords, key=len, reverse=True):  # longest first: "unit test" before "test"
        words = r"\s+".join(re.escape(w) for w in keyword.rstrip("*").split())
        parts.append(rf"{words}[\w-]*" if keyword.endswith("*") else rf"{words}(?:e?s)?")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.IGNORECASE)


def tickets(text: str) -> tuple[str, ...]:
    """Ticket IDs in order of appearance, each once."""
    return tuple(dict.fromkeys(TICKET.findall(text)))


def _mask_move(m: re.Match[str]) -> str:
    return " version " if m["move"] else m.group()


def has_metric(text: str) -> bool:
    """A number that measures something (unit, %, money, before → after), not a count or a version."""
    body = _VERSIONS.sub(" version ", TICKET.sub(" ", text))
    if _UPGRADE.search(body):
        body = _DOTTED_MOVE.sub(_mask_move, body)
    return _METRIC.search(body) is not None


_NOW = re.compile(r"\b(?:now|no longer|instead of)\b", re.IGNORECASE)


def states_change(text: str) -> bool:
    """Whether `text` says what changed by itself: a metric, people who did something, or "now …"/"no longer …".

    Such a clause can lead a statement ("CI failures down from 12% to 3% after fixing the flaky test");
    a bare negative ("none successful") or a purpose ("so that …") cannot stand first without its activity.
    """
    return (
        has_metric(text)
        or _PEOPLE_DID.search(text) is not None
        or _CHANGED.search(text) is not None
        or _NOW.search(text) is not None
    )


def assess(text: str) -> Assessment:
    """Whether `text` states an outcome, and if not, the one question that would make it one."""
    ids = tickets(text)
    body = _SUBJECT.sub("", TICKET.sub(" ", text).strip(" \t-–—:|[]()"))
    strong = (
        has_metric(text)
        or _STRONG_RESULT.search(body) is not None
        or _NEGATIVE_RESULT.search(body) is not None
        or _ACHIEVEMENT.search(body) is not None
        or _PEOPLE_DID.search(body) is not None
        or _CHANGED.search(body) is not None
        or (_LAUNCH.search(body) is not None and _FOR_WHOM.search(body) is not None)
    )
    weak = any(p.search(body) is not None for p in (_IMPROVEMENT, _COMPARATIVE, _FOR_WHOM))
    if strong:
        return Assessment(activity_only=False, vague=False, question=None, tickets=ids)
    book, _ = load_questions()
    if weak:
        return Assessment(activity_only=False, vague=True, question=book.vague, tickets=ids)
    return Assessment(activity_only=True, vague=False, question=question_for(text), tickets=ids)


@dataclass(frozen=True)
class Topic:
    """The question book's rule for what a line names, and the words that named it."""

    index: int
    """The rule's place in the book: its key when a list asks about the same topic again."""
    rule: QuestionRule
    term: str
    """The matched words as the user wrote them (lower-cased unless a name or acronym)."""


def topic_of(text: str, *, last: bool = False) -> Topic | None:
    """The topic `text` names first ("added regularisation to the model" is about regularisation), if any.

    `last`: the topic named last instead, for a noun phrase whose head comes last ("the migration guide" is
    a guide).
    """
    book, patterns = load_questions()
    body = TICKET.sub(" ", text)
    # The earliest mention names the work; at the same place the longer words are the more specific ("test
    # drive" over "test"), then the rule listed first wins.
    found = []
    for i, pattern in enumerate(patterns):
        for m in pattern.finditer(body) if last else filter(None, [pattern.search(body)]):
            found.append((-m.end() if last else m.start(), -len(m.group(0)), i, m.group(0)))
    if not found:
        return None
    _, _, i, term = min(found)
    return Topic(index=i, rule=book.rules[i], term=_as_written(term))


def question_for(text: str) -> str:
    """The question specific to what `text` names (its topic, else its ticket), else the generic one."""
    book, _ = load_questions()
    topic = topic_of(text)
    if topic is not None:
        return topic.rule.question.format(term=topic.term)
    ids = tickets(text)
    if ids:
        return book.ticket_question.format(ticket=ids[0])
    return book.fallback


def _as_written(term: str) -> str:
    """The matched words as the user wrote them, lower-cased unless they look like a name or acronym."""
    term = " ".join(term.split())
    return term if any(c.isupper() for c in term[1:]) else term.lower()
