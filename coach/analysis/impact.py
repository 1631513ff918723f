"""What a sentence tells a business reader: impact signals by kind (customers, money, risk, time, ...).

Readers weigh these differently (prompts/readers.yaml `lead_with`), so the offline engine leads with the sentence
that carries what this reader cares about, `why_it_matters` names the kind of impact, and "check my draft" asks
whether the first sentence carries any. Word lists, not a model: each pattern is a family of everyday words, never
a phrase taken from one text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

Signal = Literal["decision", "customers", "users", "money", "risk", "time", "result", "status", "scope", "method"]
SIGNALS: tuple[Signal, ...] = get_args(Signal)

_PATTERNS: dict[Signal, re.Pattern[str]] = {
    "decision": re.compile(
        r"(?<![\w-])(decision|approv(?:e|al)|sign[- ]off|need (?:you|your|a decision|approval|budget|headcount)|"
        r"we need|"
        r"asking (?:you|for)|request(?:ing)? (?:budget|approval|headcount)|we recommend|recommendation|"
        r"trade-?offs?|go/no-go|blockers?|blocked on|please (?:review|approve|decide)|action required|"
        # an action the reader's side must take: "clusters still on 1.27 should be upgraded as soon as possible"
        r"(?:should|must) (?:be )?(?:upgrad|migrat|updat|replac|mov|switch|rotat|patch)\w*|"
        r"(?:need|needs|have|has) to (?:upgrade|migrate|update|replace|move|switch|rotate|patch))(?![\w-])",
        re.IGNORECASE,
    ),
    "customers": re.compile(
        r"(?<![\w-])(customers?|clients?|tenants?|accounts?|merchants?|partners?|subscribers?|buyers?|"
        r"(?<!that )(?<!which )(?<!who )(?<!it )deals?|contracts?|"  # not the verb: "the component that deals with"
        r"renewals?|churn|sla|outages?|downtime|unavailable|unreachable|inaccessible|disrupt\w*|impact(?:ed|s)?|affect(?:ed|s|ing)?)(?![\w-])",
        re.IGNORECASE,
    ),
    "users": re.compile(
        r"(?<![\w-])(users?|user ?base|people|visitors?|players?|developers?|members?|viewers?|"
        r"(?:our|your|many|some|all|most) readers|patients?|"
        r"students?|sign[- ]?ups?|onboarding|experience|accessib\w*|screen readers?|mobile|faster|slower|wait\w*|"
        r"errors?|fail(?:ed|ures?|ing|s)?|broken|crash\w*|delay\w*|lost|loss of|stopp(?:ed|ing)|halted|went down|"
        r"degrad\w*|(?:is|was|were) down|hang(?:s|ing)?|hung|timed? ?outs?)(?![\w-])",
        re.IGNORECASE,
    ),
    "money": re.compile(
        r"[$€£¥]|\b(costs?|cost(?:ing|ly)|spend\w*|savings|"
        # "save" is money only with what is saved ("saves $2k", "saved 30 hours"), not "Save as…", "save the file"
        r"sav(?:e|es|ed|ing)(?=\s+(?:[\w-]+\s+){0,3}?(?:[$€£¥]|\d|money|costs?|budget|spend\w*|dollars|euros|hours|"
        r"time|days|weeks))|revenue|budget\w*|pric\w*|billing|"
        r"invoices?|bill|money|profit\w*|margins?|expens\w*|cheaper|paid|pay(?:ing|s)?|dollars?|licen[cs]\w*)(?![\w-])",
        re.IGNORECASE,
    ),
    "risk": re.compile(
        r"(?<![\w-])(risks?|risky|secur\w*|vulnerab\w*|exploit\w*|breach\w*|leak\w*|expos\w*|attack\w*|compliance|"
        r"complian\w*|audit\w*|legal|privacy|gdpr|data[- ]loss|lost data|deprecat\w*|end[- ]of[- ]life|unsupported|"
        r"breaking|broke (?:\w+ )?compatibility|breaks (?:\w+ )?compatibility|incompatib\w* (?:with|changes?)|"
        r"backwards?[- ]incompatib\w*|incompatibilit\w*|removed|removal|incidents?|no longer supported|"
        # support withdrawn for what someone may still run: "Dropped node.js 9 as minimum requirement"
        r"(?:drop(?:s|ped|ping)?|end(?:s|ed)?) support|minimum (?:required |supported )?(?:version|requirement)s?|"
        # behaviour taken away from whoever relied on it: "redirects are no longer automatically followed"
        r"(?:is|are) no longer (?:\w+ly )?(?:followed|supported|accepted|allowed|sent|returned|included|enabled|"
        r"available|shown|stored|kept)|"
        r"safety|safe|unsafe|cve-\d{4}-\d+|cves?)(?![\w-])",
        re.IGNORECASE,
    ),
    "time": re.compile(
        r"(?<![\w-])(deadlines?|launch\w*|ship(?:s|ped|ping)?|releas\w*|available|availability|rollout|"
        r"roll(?:ed|ing)? out|"
        r"behind schedule|ahead of schedule|slip\w*|on track|running late|weeks?|days?|months?|quarters?|q[1-4]|"
        r"by (?:mon|tues|wednes|"
        r"thurs|fri|satur|sun)day|today|tomorrow|next (?:week|month|sprint|release))(?![\w-])",
        re.IGNORECASE,
    ),
    "result": re.compile(
        r"(?<![\w-])(cut|cuts|reduc\w*|lower\w*|increas\w*|improv\w*|grew|grow\w*|rais\w*|doubl\w*|halv\w*|drop\w*|"
        r"fell|rose|boost\w*|eliminat\w*|prevent\w*|recover\w*|speed\w* up|sped up|now (?:\w+ ){0,3}(?:faster|"
        r"cheaper|works?|supports?|handles?|lets?|can))(?![\w-])",
        re.IGNORECASE,
    ),
    "status": re.compile(
        r"(?<![\w-])(resolved|fixed|mitigated|restored|recovered|resumed|completed|done|shipped|launched|released|"
        r"deployed|rolled back|reverted|on track|in progress|investigating|monitoring|delayed|postponed|"
        r"cancel\w*|root cause|caused by|due to|because)(?![\w-])",
        re.IGNORECASE,
    ),
    "scope": re.compile(
        r"(?<![\w-])(feature\w*|scope|roadmap|support(?:s|ed)? for|adds?|added|new|no longer|removes?|replac\w*|"
        r"instead|option|setting|workflow|users can|you can|lets you|allows?)(?![\w-])",
        re.IGNORECASE,
    ),
    "method": re.compile(
        r"(?<![\w-])(experiment\w*|hypothes\w*|baseline|sample|significan\w*|confidence|interval|p-value|"
        r"ablation|benchmark\w*|evaluat\w*|dataset|metric\w*|accuracy|precision|recall|f1)(?![\w-])",
        re.IGNORECASE,
    ),
}
# Readers who decide weigh these as business impact: a sentence with one of them is worth leading with.
IMPACT: frozenset[Signal] = frozenset({"decision", "customers", "users", "money", "risk", "time", "result"})
# How each kind of impact is named in `why_it_matters`.
LABELS: dict[Signal, str] = {
    "decision": "Decision needed",
    "customers": "Customer impact",
    "users": "User impact",
    "money": "Cost",
    "risk": "Risk",
    "time": "Timing",
    "result": "Result",
    "status": "Status",
    "scope": "What changes",
    "method": "Method",
}
# Words in a custom reader's description that move a kind of impact to the front ("a CFO who knows SQL").
DESCRIPTION_CUES: dict[Signal, re.Pattern[str]] = {
    "money": re.compile(r"\b(cfo|financ\w*|budget\w*|cost\w*|money|procurement|accountant|controller)\b", re.I),
    "customers": re.compile(r"\b(sales|customer\w*|account|client\w*|support|success|partner\w*)\b", re.I),
    "risk": re.compile(r"\b(risk|security|ciso|compliance|legal|lawyer|counsel|audit\w*|privacy)\b", re.I),
    "users": re.compile(r"\b(product|design\w*|ux|users?|marketing)\b", re.I),
    "decision": re.compile(r"\b(ceo|board|executive|vp|director|head of|founder|investor\w*)\b", re.I),
    "method": re.compile(r"\b(scientist|researcher|statistic\w*|analyst|ml|machine learning)\b", re.I),
}


# "were not impacted", "no customer data", "never affected": a negated signal says the impact did not happen.
# "zero data leakage", "ensure zero downtime": zero of an impact says it does not happen.
_NEGATED = re.compile(r"\b(?:not|no|never|nor|without|zero|n['’]t)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)


# "Customers were not impacted", "no card data was exposed": the sentence denies the impact it names.
_DENIED = re.compile(
    r"\b(?:not|no|never|without|n['’]t)\s+(?:\w+\s+){0,3}?(?:impact\w*|affect\w*|disrupt\w*|expos\w*|lost|"
    r"breach\w*|leak\w*|compromis\w*)\b",
    re.IGNORECASE,
)
_DENIABLE: frozenset[Signal] = frozenset({"customers", "users", "risk"})


@dataclass(frozen=True, slots=True)
class _Sense:
    """A word of a kind that, in some company, means something else: "server clients" are programs, not customers;
    "the request cost" is time, not money; "publicly available data" says nothing about a date."""

    kind: Signal
    word: re.Pattern[str]
    """The matched word this applies to (matched whole, case-insensitively)."""
    before: re.Pattern[str] | None = None
    """Searched in the words just before it: a hit means the other sense."""
    after: re.Pattern[str] | None = None
    """Matched at the words just after it: a hit means the other sense."""
    only_before: re.Pattern[str] | None = None
    """Searched in the words just before it: the word has this kind's sense only on a hit (here or `only_after`)."""
    only_after: re.Pattern[str] | None = None
    """Matched at the words just after it: the word has this kind's sense only on a hit (here or `only_before`)."""
    only_near: re.Pattern[str] | None = None
    """Searched in the words around it: the word has this kind's sense only on a hit."""


_TECH_BEFORE = (
    r"(?:server|api|http|https|database|db|sql|redis|sdk|cli|command[- ]line|library|grpc|rpc|web|tcp|udp|websocket|"
    r"ssh|git|"
    r"cluster|kafka|email|mail|dns|vpn|ftp|mqtt|rest|graphql|native|headless|oauth|test|official|go|java|python|"
    r"node|rust|mobile|desktop)"
)
_OTHER_SENSES: tuple[_Sense, ...] = (
    # "This design decision prioritises…": a choice the writer made, not one asked of the reader
    _Sense(
        "decision",
        re.compile(r"decisions?", re.I),
        before=re.compile(r"\b(?:design|architectural|technical)\s+$", re.I),
    ),
    _Sense(
        "risk",
        re.compile(r"leak\w*", re.I),
        # "a memory leak", "Fix leak in operator peak memory computations": a program holding on to memory, not data
        # reaching someone it should not
        before=re.compile(
            r"\b(?:memory|resource|connection|file|handle|socket|thread|goroutine|descriptor)s?[- ]$", re.I
        ),
        after=re.compile(
            r"^\s+(?:in|of)\s+(?:\S+\s+){0,4}?(?:memory|resources?|connections?|handles?|threads?|goroutines?)\b", re.I
        ),
    ),
    _Sense(
        "users",
        re.compile(r"hang(?:s|ing)?|hung", re.I),
        # "the RabbitMQ connection hung up", "queries began to hang": a part of the system stuck, not what users met
        before=re.compile(
            r"\b(?:connections?|process(?:es)?|threads?|workers?|jobs?|quer(?:y|ies)|consumers?|sockets?|locks?)\s+"
            r"(?:\w+\s+){0,2}$",
            re.I,
        ),
    ),
    _Sense(
        "customers",
        re.compile(r"clients?", re.I),
        before=re.compile(rf"\b{_TECH_BEFORE}[- ]$", re.I),
        after=re.compile(
            r"^[- ](?:librar\w*|side|code|apps?|certificates?|ids?|secrets?|requests?|connections?|"
            r"versions?|sdks?|implementations?|instances?|objects?|sessions?|configured|(?:\w+ )?configuration)\b",
            re.I,
        ),
    ),
    _Sense(
        "customers",
        re.compile(r"impact(?:ed|s)?|affect(?:ed|s|ing)?", re.I),
        # "the impacted database nodes", "these affected volumes": machines, not customers.
        after=re.compile(
            r"^ (?:\w+ ){0,2}?(?:nodes?|servers?|volumes?|hosts?|instances?|clusters?|disks?|machines?|pods?|shards?|"
            r"partitions?|replicas?|brokers?|containers?|vms?)\b",
            re.I,
        ),
    ),
    _Sense(
        "customers",
        re.compile(r"accounts?", re.I),
        before=re.compile(r"\b(?:service|admin|root|system|test|bot|storage|cloud|aws|gcp|azure)[- ]$", re.I),
        after=re.compile(r"^ for\b", re.I),  # "accounts for 40% of requests"
    ),
    _Sense(
        "money",
        re.compile(r"costs?", re.I),
        before=re.compile(
            r"\b(?:requests?|query|queries|lookups?|cpu|memory|runtime|performance|latency|time|calls?|i/?o|"
            r"allocations?|computational|startup|serialization|network|round[- ]trip|locking|locks?|disk|gc|"
            r"context[- ]switch)[- ]$",
            re.I,
        ),
        after=re.compile(
            r"^ of (?:a |an |the |each |every |one )?(?:call|request|lookup|query|allocation|copy|"
            r"round[- ]trip|context switch|cache miss|miss)\b",
            re.I,
        ),
    ),
    _Sense(
        "money",
        re.compile(r"costs?", re.I),
        # "at a slight cost to training speed": what is given up is speed, not money
        after=re.compile(
            r"^ (?:to|in|of) (?:\w+ ){0,2}?(?:speed|performance|latency|accuracy|quality|time|memory|throughput|"
            r"readability|precision|recall)\b",
            re.I,
        ),
    ),
    _Sense(
        "time",
        re.compile(r"available", re.I),
        # "is now available", "generally available": a launch; "publicly available data", "available memory": not.
        only_before=re.compile(
            r"\b(?:is|are|was|were|be|been|becomes?|became|now|generally|made|make|makes)\s+(?:\w+ly\s+)?$", re.I
        ),
        only_after=re.compile(
            r"^\s+(?:from|on|in|starting|beginning|since|by|until|today|tomorrow|now|next|this|to (?:all|every)|"
            r"for (?:all|every))\b",
            re.I,
        ),
    ),
    _Sense("time", re.compile(r"availability", re.I), only_before=re.compile(r"\bgeneral\s+$", re.I)),
    _Sense(
        "time",
        re.compile(r"launch\w*", re.I),
        # Starting machines is not a launch date: "launch lots of new app dynos", "launched 40 instances".
        after=re.compile(
            r"^\s+(?:\S+\s+){0,4}?(?:instances?|dynos?|servers?|containers?|pods?|jobs?|workers?|process(?:es)?|"
            r"vms?|nodes?|machines?|threads?|tasks?|clusters?|browsers?)\b",
            re.I,
        ),
    ),
    _Sense(
        "users",
        re.compile(r"timeouts?|time ?outs?", re.I),
        # A timeout setting is not a wait anyone suffered ("the `--timeout` parameter", "the default request timeout").
        before=re.compile(
            r"\b(?:default|custom|configurable|configured|service|request|connection|socket|read|write|idle|session|"
            r"max|maximum|global)[- ]$",
            re.I,
        ),
        after=re.compile(
            r"^\W?[- ]?(?:parameters?|settings?|options?|values?|flags?|config\w*|arguments?|"
            r"defaults?|in (?:ms|milliseconds|seconds))\b",
            re.I,
        ),
    ),
    _Sense(
        "users",
        re.compile(r"errors?", re.I),
        # Measures and code words: "word error rate", "mean squared error", "error handling".
        before=re.compile(
            r"\b(?:word|character|token|phone|label|mean|squared|absolute|standard|relative|sampling|measurement|"
            r"rounding|compile|compiler|lint|type)[- ]$",
            re.I,
        ),
        after=re.compile(
            r"^[- ](?:bars?|analysis|handling|handlers?|class(?:es)?|types?|bounds?|terms?|"
            r"correction|checking)\b",
            re.I,
        ),
    ),
    _Sense(
        "risk",
        re.compile(r"removed|removal", re.I),
        # Taking away what someone relies on is a risk; "removed `Mutex` locks" inside the code is not.
        only_near=re.compile(
            r"\b(?:support|features?|endpoints?|apis?|options?|flags?|commands?|versions?|settings?|parameters?|"
            r"methods?|functions?|fields?|arguments?|integrations?|plugins?|modules?|properties|attributes?|routes?|"
            r"operations?|capabilit\w+|access|ability|data|deprecat\w*|breaking)\b",
            re.I,
        ),
    ),
)


_CODE = re.compile(r"`[^`]*`")


def _other_sense(kind: Signal, sentence: str, start: int, end: int) -> bool:
    """Whether the word at start:end of a signal of `kind` is used in another sense here."""
    word = sentence[start:end]
    before, after = sentence[max(0, start - 30) : start], sentence[end : end + 40]
    for sense in _OTHER_SENSES:
        if sense.kind != kind or not sense.word.fullmatch(word):
            continue
        if sense.before is not None and sense.before.search(before):
            return True
        if sense.after is not None and sense.after.match(after):
            return True
        cued = (sense.only_before is not None and sense.only_before.search(before) is not None) or (
            sense.only_after is not None and sense.only_after.match(after) is not None
        )
        if (sense.only_before is not None or sense.only_after is not None) and not cued:
            return True
        near = _CODE.sub(" ", sentence[max(0, start - 40) : end + 40])  # "removed `FEATURE_FLAGS`" names no flag
        if sense.only_near is not None and not sense.only_near.search(near):
            return True
    return False


def signals(sentence: str) -> set[Signal]:
    """The kinds of business information a sentence carries (a negated mention, or a word in another sense, does not
    count)."""
    found: set[Signal] = set()
    denied = _DENIED.search(sentence) is not None
    for name, pattern in _PATTERNS.items():
        if denied and name in _DENIABLE:
            continue
        for m in pattern.finditer(sentence):
            if not _NEGATED.search(sentence[max(0, m.start() - 30) : m.start()]) and not _other_sense(
                name, sentence, m.start(), m.end()
            ):
                found.add(name)
                break
    return found


def signal_words(sentence: str, kind: Signal) -> list[re.Match[str]]:
    """Where a sentence says something of one kind, as `signals` counts it (no negated word, none in another
    sense)."""
    return [
        m
        for m in _PATTERNS[kind].finditer(sentence)
        if not _NEGATED.search(sentence[max(0, m.start() - 30) : m.start()])
        and not _other_sense(kind, sentence, m.start(), m.end())
    ]


def first_signal(sentence: str, kind: Signal) -> re.Match[str] | None:
    """Where a sentence says something of one kind (for quoting the words that carry it)."""
    return _PATTERNS[kind].search(sentence)


def weigh(found: set[Signal], lead_with: tuple[Signal, ...]) -> float:
    """How much a reader who leads with `lead_with` (most important first) wants a sentence carrying `found`."""
    n = len(lead_with)
    return sum(float(n - i) for i, kind in enumerate(lead_with) if kind in found)


def emphasis(description: str, lead_with: tuple[Signal, ...]) -> tuple[Signal, ...]:
    """`lead_with` reordered by what a custom reader's own words stress (a CFO: money first)."""
    stressed = tuple(kind for kind, cue in DESCRIPTION_CUES.items() if cue.search(description))
    return stressed + tuple(kind for kind in lead_with if kind not in stressed)
