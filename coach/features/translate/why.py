"""`why_it_matters`: the writer's own clause that carries the strongest business impact for a reader, labelled with
its kind of impact (prompts: none; the labels are `coach.analysis.impact.LABELS`).

The line is read apart from the text, so it must stand alone:
- a claim (`claims.py`): a subject and a finite verb, or a changelog entry's opening verb — never a purpose, condition
  or cause, a participle phrase, a reordered fragment, or a clause that points at a sentence it left behind;
- labelled by its own words: the signal is looked for in the quoted clause, not in the sentence around it, and a cause
  is cut off ("we got paged because replication lagged, effectively stopping" says nothing about users: the cause
  explains the event, it is not why it matters);
- from the main text (what the reader reads, not `details`), and preferably not a copy of the whole lead.
When no clause qualifies there is no line: a wrong line costs the reader more than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.analysis.facts import extract_facts
from coach.analysis.impact import IMPACT, LABELS, Signal, signal_words, signals, weigh
from coach.features.translate.claims import AUXILIARY, finite, norm, unit_claims
from coach.features.translate.structure import Unit
from coach.features.translate.worth import FACT_KINDS, LIMIT, QUALITY

# Words that size a result without a figure ("nearly doubling throughput").
_MAGNITUDE = re.compile(
    r"\b(?:doubl\w*|tripl\w*|halv\w*|twice|\d+(?:\.\d+)?x|greatly|significantly|sharply|dramatically|substantially|"
    r"drastically|massively|severely|considerably)\b",
    re.IGNORECASE,
)
# A gain named by what it gains ("for reduced latency", "improved performance in storage caching"): without a figure,
# still the reason a change was made, which is why it matters; "improved the docs" names no such gain.
_GAIN = re.compile(
    r"\b(?:reduc\w*|lower\w*|improv\w*|increas\w*|boost\w*|cut\w*|speed\w* up|sped up)\s+(?:the\s+|our\s+)?"
    r"(?:\w+\s+)?(?:latency|performance|throughput|memory(?: use| usage)?|cpu(?: use| usage)?|contention|"
    r"costs?|error rates?|downtime|speed|reliability|stability|response times?|wait(?:ing)? times?|load times?|"
    r"build times?)\b",
    re.IGNORECASE,
)
_MEASURED: frozenset[Signal] = frozenset({"result", "customers", "users", "money"})
# What the team did in response: "We rerouted…", "We restarted…", "We rolled back…".
_RESPONSE = re.compile(
    r"^\W*we\s+(?:then\s+|quickly\s+|immediately\s+)?(?:rerouted|restarted|rolled back|redeployed|redirected|"
    r"reverted|failed over|scaled|paused|disabled|moved|mitigated|throttled|blocked)\b",
    re.IGNORECASE,
)
# "In future this can be added…", "could later be used…": what may be done one day.
_MAYBE_LATER = re.compile(r"\bin (?:the )?future\b|\b(?:could|might|may) (?:later|one day|eventually)\b", re.I)
# "Disclaimer: the model produces…", "**Warning:** …", "Known issue: …": the writer labels what follows as a risk.
_CAVEAT = re.compile(
    r"^\W*(?:disclaimer|warning|caution|caveat|known (?:issue|limitation|problem)s?|limitations?|important)\W*:",
    re.IGNORECASE,
)
_RISK_LABEL = re.compile(
    r"\b(?:breaking|security|vulnerabilit\w*|deprecat\w*|removals?|removed|incompatib\w*|known issues?)\b", re.I
)
_THESE = re.compile(r"\b(?:these|those|this)\s", re.IGNORECASE)
_VAGUE: frozenset[Signal] = frozenset({"result", "time"})
# "within one minute" times the response, not the impact: no bonus for a measured impact.
_RESPONSE_TIME = re.compile(r"\b(?:within|in under|in less than)\s+$", re.IGNORECASE)
# What makes a line about timing: a date, a duration, a deadline or a schedule, not "release" or "available" alone.
_WHEN = re.compile(
    r"\b(?:deadlines?|schedule[ds]?|slip\w*|on track|running late|late|early|weeks?|days?|months?|quarters?|years?|"
    r"q[1-4]|today|tomorrow|tonight|yesterday|next (?:week|month|quarter|year|sprint|release)|by (?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b)",
    re.IGNORECASE,
)
# A condition or a time it happened ("…if checkout errors pass 2%", "…after Tuesday's outage") frames the claim; an
# impact word there is not what the claim says. It runs to the next comma or the clause's own verb ("after a
# certificate swap made the API unreachable": "made" is the claim's).
_MERE_CONTEXT = re.compile(r"\b(?:if|unless|when|whenever|once|in case|after|before|following|until|ahead of)\b")
_PURPOSE = re.compile(r"(?:^|,\s*)(?:and\s+|or\s+)?(?:in order\s+)?to\s+(?:\w+ly\s+)?\w+[^,;:—]*", re.IGNORECASE)
# "the outage", "this disruption": naming again an impact an earlier sentence stated.
_BACK_REFERENCE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Words that count for a kind in a sentence (to lead with it) but do not earn its label alone.
_WEAK: dict[Signal, re.Pattern[str]] = {"risk": re.compile(r"incidents?|safe", re.IGNORECASE)}
# Words that make a date in a line a date to plan around rather than when something happened.
_SCHEDULED = re.compile(r"\b(?:will|by|until|planned|scheduled|due|deadline|effective)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class _Line:
    """A candidate line; the best sorts last (score, then earlier text, then fewer words)."""

    score: float
    earlier: int
    shorter: int
    kind: Signal
    text: str
    copy: bool = False
    """The whole of the lead, word for word."""


def why_it_matters(
    all_units: list[Unit], lead_with: tuple[Signal, ...], lead: set[int], main: set[int] | None = None
) -> tuple[Signal, str] | None:
    """(kind, clause): the writer's own claim that carries the strongest business impact for this reader.

    From the units the reader sees (`main`; all of them when None), preferring one that is not the whole lead word
    for word; failing those, a sentence of prose moved to `details` (never a list item there: one item lifted out of
    a list the reader does not see reads as picked at random)."""
    order = lead_with or tuple(sorted(IMPACT))
    shown = {u.index for u in all_units} if main is None else main
    lines: list[_Line] = []
    hidden: list[_Line] = []
    said: set[Signal] = set()  # kinds an earlier sentence already carried
    for u in all_units:
        if u.kind not in ("sentence", "item") or (u.index not in shown and u.kind == "item"):
            continue
        # (read only for a unit that says "these …": joining every earlier unit for each one would be quadratic)
        said_before = (
            " ".join(v.text for v in all_units[: u.index] if v.index in shown) if _THESE.search(u.text) else ""
        )
        claims, whole, in_lead = unit_claims(u, all_units[u.index - 1] if u.index else None, lead, shown, said_before)
        here: set[Signal] = set()
        caveat = _CAVEAT.match(u.text) is not None or (u.kind == "item" and _under_risk_label(u, all_units))
        for text in claims:
            line = _line(text, order, u.index, said, caveat=caveat)
            if line is None:
                continue
            here.add(line.kind)
            if in_lead and norm(text) == whole:
                line = _Line(line.score, line.earlier, line.shorter, line.kind, line.text, copy=True)
            (lines if u.index in shown else hidden).append(line)
        said |= here
    if not lines and not hidden:
        return None
    best = max(lines or hidden)
    others = [line for line in lines if not line.copy]
    # The lead is already read: a line that adds something wins unless it carries far less.
    if best.copy and others and max(others).score > best.score / 2:
        best = max(others)
    return best.kind, _capital(_plain_line(best.text).rstrip("."))


# Markup a line read on its own has no use for: a link's address ("[#33462](https://…)" keeps "#33462"), an issue
# reference in brackets ("([#4430])", "(:issue:`843`)"), and a connective that points at a sentence the line left
# behind ("However, …", "Indeed, …").
_REFERENCE = re.compile(r"\s*\((?:\[#?\d+\](?:\([^()\s]*\))?|:issue:`\d+`|#\d+)\)")
_LINK = re.compile(r"\[([^\]\n]{1,200})\]\([^()\s]{1,500}\)")
_CONNECTIVE = re.compile(
    r"^(?:however|indeed|also|additionally|moreover|furthermore|in addition|that said|still|so|but|and|then)\b,?\s+",
    re.IGNORECASE,
)


_ROLE = re.compile(r":[a-z]+:(`[^`\n]{1,200}`)")  # reStructuredText: ":ref:`uuid_type`" is "`uuid_type`"


def _plain_line(text: str) -> str:
    return _CONNECTIVE.sub("", _ROLE.sub(r"\1", _LINK.sub(r"\1", _REFERENCE.sub("", text))))


def _line(text: str, order: tuple[Signal, ...], index: int, said: set[Signal], *, caveat: bool = False) -> _Line | None:
    """The claim as a candidate line, labelled by its own strongest signal for this reader; None without one.
    `caveat`: the writer labelled the sentence a disclaimer, a warning or a known issue: what it says is a risk."""
    found = signals(_without_context(text)) & IMPACT
    if caveat:
        found.add("risk")
    if _RESPONSE.match(text):
        found -= {"users", "customers"}  # "We rerouted traffic, reducing errors": what the team did
    if _MAYBE_LATER.search(text):
        found.discard("result")  # "In future this logic can be added to other commands": a possibility, no result
    facts = extract_facts(text)
    figures = [
        f
        for f in facts
        if f.kind in FACT_KINDS and re.search(r"\d", f.text) and not _RESPONSE_TIME.search(text[: f.start])
    ]  # "One of our clusters…" is no measured result
    if "result" in found and not (figures or _MAGNITUDE.search(text) or _GAIN.search(text)):
        found.discard("result")  # "improved" with no figure is a claim, not a result worth the line
    if "result" in found and all(
        m.start() == 0 and m.group().lower().startswith("drop") for m in signal_words(text, "result")
    ):
        found.discard("result")  # "Dropped node.js 9 as minimum requirement": a changelog's removal, not a fall
    if figures and QUALITY.search(text):
        found.add("result")  # "Achieves a WER of 14.4": how well a model does, measured, is its result
    if LIMIT.search(text):
        found.add("risk")  # "may not work on accented speech": what it cannot do is a risk to whoever relies on it
    if any(f.kind == "date" for f in facts) and _SCHEDULED.search(text):
        found.add("time")  # "will be removed in version 6.0 on March 31": a date the reader plans around
    for kind, weak in _WEAK.items():
        said_by = [m.group() for m in signal_words(text, kind)]
        if kind in found and said_by and all(weak.fullmatch(w) for w in said_by):
            found.discard(kind)  # "during this incident" says when, not that there is a risk
    if "time" in found and not (_WHEN.search(text) or any(f.kind in ("date", "duration") for f in facts)):
        found.discard("time")  # "with each new release" names no time: "Timing:" would promise a date
    if not found & set(order):
        return None
    # The label names what the line says, the reader's first kind first; "Result" and "Timing" are the vaguest, so
    # they yield to a specific kind even one this reader does not list ("212 customers were billed twice last week"
    # is a customer impact, for a product reader too).
    kinds = sorted(
        (k for k in (*order, *sorted(IMPACT)) if k in found),
        key=lambda k: (k in _VAGUE, k not in order),
    )
    # A measured impact beats a vague one; more of the writer's figures, a little more ("…, peaking at 10%").
    score = weigh(found, order) + (2.0 if figures and found & _MEASURED else 0.0) + 0.25 * min(len(figures), 4)
    if kinds[0] in said and all(_BACK_REFERENCE.search(text[: m.start()]) for m in signal_words(text, kinds[0])):
        score /= 2  # "We detected the disruption…" after "We had an outage": the same impact, named again
    return _Line(score, -index, -len(text.split()), kinds[0], text)


def _under_risk_label(item: Unit, all_units: list[Unit]) -> bool:
    """Whether a list item sits under a heading or an intro line that labels its list a risk ("### Breaking
    changes", "Security fixes:")."""
    i = item.index - 1
    while i >= 0 and all_units[i].kind == "item":
        i -= 1
    label = all_units[i] if i >= 0 else None
    if label is None or not (label.kind == "heading" or label.text.endswith(":")):
        return False
    return _RISK_LABEL.search(label.text) is not None


def _without_context(text: str) -> str:
    """The line without its condition and time phrases (see `_MERE_CONTEXT`) and its purpose set off by commas
    (", and to hopefully avoid errors,": what was meant, not what happened)."""
    text = _PURPOSE.sub("", text)
    out, cursor = [], 0
    for m in _MERE_CONTEXT.finditer(text):
        if m.start() < cursor:
            continue
        end = m.end()
        for token in re.finditer(r"[^\s,;:—]+|[,;:—]", text[m.end() :]):
            word = token.group().lower().strip("`'\"()")
            if token.group() in ",;:—" or word in AUXILIARY or (finite(word) and token.start() > 0):
                break
            end = m.end() + token.end()
        out.append(text[cursor : m.start()])
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _capital(text: str) -> str:
    first = text.split(" ", 1)[0]
    if text.startswith("`") or any(c.isupper() for c in first[1:]):
        return text  # "iOS", "eBay", `code` keep their case
    return text[:1].upper() + text[1:]


def label(kind: Signal) -> str:
    return LABELS[kind]
