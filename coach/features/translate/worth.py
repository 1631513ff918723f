"""What one sentence or list item is worth to a reader who decides: the kinds of impact it carries (weighed by the
reader's `lead_with`), measured figures, an action asked of the reader's side, a limit, where an incident stands;
background and bare references are worth little. structure.py plans a message with these values."""

from __future__ import annotations

import re

from coach.analysis.facts import extract_facts
from coach.analysis.impact import Signal, signals, weigh

FACT_KINDS = frozenset({"number", "percent", "money", "duration", "range"})
_MEASURED: frozenset[Signal] = frozenset({"result", "customers", "users", "money"})


# What is left of a unit once code and brackets are set aside: "(:issue:`872`)" or "See #5694." says nothing.
_ASIDE_MARKS = re.compile(r"`[^`]*`|\([^()]*\)|\[[^\]]*\]\([^)]*\)|#\d+")


_POINTER_WORDS = frozenset({"see", "fix", "fixes", "fixed", "closes", "close", "refs", "ref", "issue", "link"})


def says_something(text: str) -> bool:
    """Whether a unit has words of its own, not only a reference, a link or code: "- Loss: 0.37" does,
    "(:issue:`872`)" and "Fixes #1688" do not."""
    rest = _ASIDE_MARKS.sub(" ", text)
    words = [w for w in re.findall(r"[A-Za-z]{3,}", rest) if w.lower() not in _POINTER_WORDS]
    return len(words) >= 2 or (len(words) == 1 and bool(re.search(r"\d", rest)))


# What the reader is asked to do, or must know before deciding: an action ("should be upgraded as soon as
# possible") or a limit of what was built ("may not work on noisy audio"). "Immediately" alone is not an ask:
# "we paused the job to immediately mitigate the load" says what the team did.
_ACTION = re.compile(
    r"\b(?:should|must|need(?:s|ed)? to|have to|has to|(?:is|are) required|action required|recommend\w*|please|"
    r"upgrade (?:to|your|now)|make sure|"
    # the answer to "what must I do?" when it is nothing: "No customer action is needed", "no action required"
    r"no\s+(?:\w+\s+)?action\s+(?:is\s+)?(?:needed|required|necessary))\b",
    re.IGNORECASE,
)
LIMIT = re.compile(
    r"\b(?:limitations?|limited to|caveats?|known (?:issues?|problems?)|biase?[sd]?|(?:may|might|does|do|will|can) not "
    r"(?:work|perform|support|handle|generali[sz]e|be suitable)|not (?:suitable|recommended|intended|sure)|"
    r"(?:performs?|works?) (?:poorly|worse)|struggles?)\b",
    re.IGNORECASE,
)
# The writer marking what matters most among the parts: "The most notable of these is…", "Importantly, …".
_EMPHASIS = re.compile(
    r"\b(?:most (?:notable|important|significant|visible)|main (?:change|difference)|key (?:change|takeaway)|"
    r"notably|importantly|headline change)\b",
    re.IGNORECASE,
)
# Where an incident stands: over, or contained.
_RESOLVED = re.compile(
    r"\b(?:resolved|restored|returned to normal|back to normal|recovered|fully operational|back online|back up|"
    r"(?:operating|working|running|performing) (?:as )?normal(?:ly)?|"
    r"mitigated|no longer (?:affected|impacted|exploitable)|service (?:is )?back)\b",
    re.IGNORECASE,
)
# How well a model does, said with a figure ("Achieves a WER of 14.4", "- Accuracy: 0.9128"): a result.
QUALITY = re.compile(r"\b(?:accuracy|wer|cer|f1|bleu|rouge|auc|precision|recall|error rate|score|loss)\b", re.I)
_SERVICE_HIT = re.compile(
    r"\b(?:degrad\w*|outages?|unavailab\w*|disrupt\w*|interrupt\w*|went down|(?:was|were) down|"
    r"elevated (?:error|latency|response)\w*|error rates?)\b",
    re.IGNORECASE,
)
# Scene-setting that is not what happened: history, background, a remark about some other time.
_ASIDE = re.compile(
    r"^\W*(?:historically|previously|originally|in the past|background|for context|for reference|as a side note|"
    r"side note|fun fact|in (?:the )?future|going forward|some day|eventually)\b",
    re.IGNORECASE,
)


# "Travis Hub is the component that deals with…": what a thing is, not what happened to it.
_DEFINITION = re.compile(
    r"^\W*[\w .-]{1,40}? (?:is|are) (?:the|a|an|our) (?:\w+ ){0,2}(?:component|service|system|tool|library|process|"
    r"module|part|program|platform|layer|job|worker|team)s? (?:that|which|who|responsible|used|in charge)\b",
    re.IGNORECASE,
)


def settles(text: str) -> bool:
    """Whether a sentence says how an incident ended ("95% of the network was back to normal"): it answers the
    question the incident raises, so it follows the incident, never opens the message before it."""
    return _RESOLVED.search(text) is not None


def score(text: str, lead_with: tuple[Signal, ...]) -> float:
    """How much a reader who leads with `lead_with` wants this sentence or item in the message, and first."""
    found = signals(text)
    value = weigh(found, lead_with)
    facts = extract_facts(text)
    figures = any(f.kind in FACT_KINDS for f in facts)
    if _SERVICE_HIT.search(text) and "customers" not in found:
        # "the service experienced degradation": what customers met, said the way incident reports say it
        value += weigh({"customers"}, lead_with)
        if any(f.kind in ("date", "time") for f in facts):
            value += 1.0  # when it happened: the first thing asked about an incident
    if value and figures and found & _MEASURED:
        value += 2.0  # a measured impact beats a vague one
    elif figures and QUALITY.search(text):
        value += 2.0  # a measured result of a model, even without an impact word
    elif figures:
        value += 1.0  # a figure is something a reader can act on, even without an impact word
    if _RESOLVED.search(text):
        # is it over? the first thing a decider asks about an incident, and with a figure it is a measured result
        value += len(lead_with) + (2.0 if figures else 0.0)
    if _EMPHASIS.search(text):
        value += len(lead_with)  # the writer says which part matters most: "The most notable of these is…"
    if _ACTION.search(text) or LIMIT.search(text):
        value += 1.5 * len(lead_with)  # what to do, or what it cannot do, is what a decider needs before the rest
    if _ASIDE.search(text) or _DEFINITION.match(text):
        value = min(value, 0.5)  # background, or what a component is, fills the budget last
    words = len(text.split())
    if words > 30:
        value *= 30 / words  # a long sentence is a poor lead: it buries what it carries
    return value
