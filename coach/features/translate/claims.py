"""The writer's clauses that stand alone as claims, the candidates for `why_it_matters` (why.py).

A line is read apart from the text, so a claim has a subject and a finite verb ("Initial impact was 5xx
responses…"), or a changelog entry's opening verb ("Increased the default timeout…") — never a purpose, condition or
cause ("To reduce impact…", "Since the model…", "Upon investigation…"), a participle phrase ("Coupled with…",
", reducing…"), a reordered fragment, or a clause that points at a sentence it left behind ("these volumes", "during
this time"); its cause is cut off, and a consequence ("This caused many requests to time out.") is said as what
happened or joined to the sentence it points at.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from coach.features.translate.protect import Protected
from coach.features.translate.structure import ITEM, Unit

# A line shorter than this is rarely a claim ("costs fell"), a longer one is a paragraph, not a line.
_MIN_WORDS, _MAX_WORDS = 4, 30

# Openings that leave the sentence's point to what follows: connectives are dropped when a claim remains.
_CONNECTIVE = re.compile(
    r"^(?:however|but|and|so|also|then|thus|therefore|meanwhile|moreover|furthermore|additionally|in addition|"
    r"as a result|overall|in short|in summary|finally)\b,?\s+",
    re.IGNORECASE,
)
# A sentence about how things were ("Historically, X was deprecated") is background, not why this text matters.
_BACKGROUND = re.compile(
    r"^(?:historically|previously|originally|formerly|traditionally|in the past|until now|in earlier versions)\b",
    re.IGNORECASE,
)
# A line never opens with a purpose, condition, cause, concession or relative clause.
_SUBORDINATE = re.compile(
    r"^(?:to|because|since|as|when|whenever|while|if|although|though|unless|whether|whereas|once|so that|in order|"
    r"upon|given|due to|thanks to|owing to|which|who|whom|whose|where|that|than|even|rather than|instead of|"
    r"in case|provided|how|why|what|or|nor|not|no longer|never)\b",
    re.IGNORECASE,
)
# Words that open a time adjunct ("After the fix, …": fine) or a time clause ("After we deployed it, …": not).
_WHEN_CLAUSE = re.compile(r"^(?:after|before|until|till)\b", re.IGNORECASE)
# ", reducing errors", "nearly doubling…": a participle hangs from a clause it was cut from.
_PARTICIPLE = re.compile(
    r"^(?:\w+ly\s+)?(?!(?:during|including|according|regarding|following|concerning|pending|nothing|something|"
    r"anything|everything|thing|things|string|strings|king|ring|spring|morning|evening|ceiling|building|"
    r"meeting|setting|settings|training|testing|logging|caching|scaling|pricing|billing|onboarding|"
    r"funding|spending|earnings|savings|warning|warnings|rating|ratings|ranking|rankings)\b)\w+ing\b"
    r"|^\w+ed\s+(?:with|by|on|upon)\b",
    re.IGNORECASE,
)
# What "this …" may name in a line read alone: the text itself, or the present time ("this release", "this week").
_HERE_AND_NOW = (
    r"release|version|update|pr|pull request|change|commit|patch|model|post|page|document|report|incident|outage|"
    r"issue|fix|feature|library|package|project|tool|service|product|app|api|endpoint|dataset|paper|week|month|"
    r"quarter|year|morning|afternoon|evening|weekend|sprint"
)
# An opening that points at what came before ("These volumes…", "It…"), unless it names the document itself.
_POINTS_BACK_START = re.compile(
    rf"^(?:(?:this|that|these|those)\b(?!\s+(?:{_HERE_AND_NOW})\b)|it|its|they|their|them|such|both)\b",
    re.IGNORECASE,
)
# Words inside a line that point at a sentence the line left behind ("these volumes", "on this problematic server").
_POINTS_BACK = re.compile(
    rf"\b(?:these|those)\b|\bthis\b(?!\s+(?:{_HERE_AND_NOW})\b)|"
    r"\bthat (?:time|period|point|window|stage|step|way|case)\b|"
    r"\bthe (?:same|above|previous|former|latter|aforementioned)\b|\bas well\W*$",
    re.IGNORECASE,
)
# Everything from a cause marker on is the cause, not the impact ("an outage due to a bug").
_CAUSE = re.compile(
    r"(?:,\s*)?\b(?:because|due to|caused by|triggered by|driven by|brought on by|as a result of|owing to|"
    r"thanks to|since|the root cause)\b",
    re.IGNORECASE,
)

AUXILIARY = frozenset(
    """is are was were be been being am has have had will would can could may might shall should must do does did
    isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't cannot couldn't shouldn't doesn't don't
    didn't""".split()
)
# A subject with its auxiliary: a clause may open with one ("We're raising…"), unlike a bare auxiliary.
_SUBJECT_AUXILIARY = frozenset(
    "it's we're we've we'll we'd they're they've they'll there's i'm i've i'll you're you've that's".split()
)
_DETERMINER = frozenset(
    """a an the this that these those our your their its his her my some any each every no all many most several
    few more less such another other both either neither which whose what one two three""".split()
)
_SUBJECT = frozenset("we i you they he she it this that which who there now also still only always never".split())
_IRREGULAR_PAST = frozenset(
    """cut led made took rose fell grew went saw got broke ran put set hit lost found began became brought kept left
    gave meant sent spent built held shut sped won paid sold bought told said thought hung stood wrote drove chose
    froze stuck struck split quit overtook undertook rewrote undid overrode withdrew forgot understood fought caught
    taught sought dealt felt slid spun swung upheld rebuilt reran rode shook woke wore tore drew threw knew flew
    blew showed""".split()
)
# Common verbs (base form; -s, -es, -d, -ed follow): changelog entries open with them ("Add …", "Fixes …"), and a
# claim holds one ("Benchmarks show…", "The flag undoes…"). A word list, not a tagger: a noun that is also a verb
# ("cost", "change") counts, which only matters for a line with no other verb.
_VERB = re.compile(
    r"(?:add|fix|change|remove|update|improve|use|support|allow|make|move|replace|rename|bump|upgrade|drop|"
    r"deprecate|enable|disable|increase|reduce|decrease|set|switch|introduce|implement|refactor|avoid|prevent|ensure|"
    r"handle|return|raise|expose|document|clean|merge|revert|restore|speed|cut|lower|extend|limit|skip|delete|create|"
    r"migrate|optimi[sz]e|simplify|rewrite|split|collapse|save|shorten|double|halve|triple|boost|run|let|mean|"
    r"require|break|affect|impact|block|cost|take|need|cause|keep|show|give|include|provide|offer|lift|grow|"
    r"fail|crash|hang|stop|resolve|mitigate|leak|lose|win|align|throw|serve|cache|load|work|get|see|pay|want|go|"
    r"come|know|find|say|tell|ask|try|call|wait|reach|open|close|start|begin|end|finish|buy|sell|send|receive|read|"
    r"write|sign|join|leave|stay|expect|plan|happen|occur|appear|remain|seem|become|feel|look|help|bring|hold|follow|"
    r"lead|drive|report|notice|apply|accept|reject|retry|queue|process|store|scale|deploy|ship|launch|release|build|"
    r"test|check|track|pass|undo|flag|hit|exceed|miss|match|beat|land|slip|lag|spike|jump|climb|fall|rise|double|"
    r"depend|rely|expire|renew|charge|bill|refund|cover|contain|mark|point|flag|agree|decide|approve|recommend|"
    r"delay|postpone|cancel|complete|deliver|ask|owe|lack|vary|differ|remain|belong|matter|outperform)(?:s|es|d|ed)?",
    re.IGNORECASE,
)
# Joins a clause to the one before it; what follows must then stand as a clause of its own.
_CONJUNCTION = re.compile(r"^(?:and|but|so|yet|then|and then)\b,?\s*", re.IGNORECASE)
# "This cut…", "It saved…": an outcome that points at the sentence before it; without "this" it reads as a changelog
# entry does. Other consequences ("This caused…", "This resulted in…") say nothing without what they point at.
_OUTCOME = re.compile(
    r"^(?:This|That|It|Which)\s+(?=(?:cut|cuts|saved|saves|reduced|reduces|lowered|lowers|increased|increases|improved|"
    r"improves|raised|raises|doubled|doubles|halved|halves|tripled|triples|boosted|boosts|eliminated|eliminates|sped|"
    r"speeds|shortened|shortens)\b)"
)
# What a cut cause leaves behind: "which is", "that was", "and".
_STUB = re.compile(
    r"(?:,?\s+(?:which|that|who|and|or|but|so|when|it|this)(?:\s+(?:is|are|was|were|has|have|had|been|being|"
    r"not|also|likely|probably|partly|mostly|mainly|largely|all|only))*)+\s*$",
    re.IGNORECASE,
)
# "This caused many requests to time out": the effect is what happened to them.
_CAUSED_TO = re.compile(
    r"^(?:This|That|It|Which)\s+(?:caused|forced|led)\s+(?P<subject>.+?)\s+to\s+"
    r"(?P<adverb>(?:also|then|briefly|all|not)\s+)?"
    r"(?!(?:the|a|an|this|that|these|those|our|their|its|be|have)\b)(?P<verb>[a-z]+)\b(?P<rest>.*?)\.?$"
)
_IRREGULAR = {
    "get": "got", "go": "went", "become": "became", "fall": "fell", "run": "ran", "hang": "hung", "stop": "stopped",
    "lose": "lost", "take": "took", "see": "saw", "give": "gave", "hit": "hit", "drop": "dropped", "grow": "grew",
    "rise": "rose", "break": "broke", "spend": "spent", "wait": "waited", "shut": "shut", "come": "came",
}  # fmt: skip
# "This caused…", "That meant…": a consequence that points at the sentence before it, with its verb right after
# (unlike "It", which names a thing: "It is not trained on…").
_THIS_VERB = re.compile(r"^(?:This|That)\s+(?=\w)")
_LEADING_MARKS = re.compile(r"^[^\w\s`\"'“‘(\[$€£~=#|*<>-]+\s*")
_NEW_CLAUSE = re.compile(r" (?:and|but) (?:we|they|he|she|i|you|our|their)\b", re.IGNORECASE)
# The comma inside a date ("August 2, 2023") is not a clause boundary.
_DATE_COMMA = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,\s\d{4}$"
)
_DATE_MAY = re.compile(r"\b\d{1,2}\s+May\b|\bMay\s+\d{1,2}\b")
# "e.g. `kubectl drain`", "Acme Inc. said": an abbreviation's full stop ends no sentence.
_SENTENCE_BREAK = re.compile(
    r"(?<=[a-z0-9)\]`'\"”][.!?])(?<!e\.g\.)(?<!i\.e\.)(?<!etc\.)(?<!vs\.)(?<!Inc\.)(?<!Ltd\.)\s+(?=[A-Z`\"“(])"
)
# "Definitely want to…", "Probably need…": an adverb and a verb's base form, the subject left out.
_SUBJECTLESS = re.compile(
    r"^\w+ly\s+(?:want|need|have|should|must|add|fix|use|make|try|look|see|get|go|do|keep|plan)\b", re.IGNORECASE
)
# "[ABC-12] ", "ABC-12: ": a ticket number opening a changelog entry is not part of its claim.
_TICKET = re.compile(r"^\s*(?:\[[A-Z][A-Z0-9]*-\d+\]|[A-Z][A-Z0-9]*-\d+:)\s*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*")
_ITSELF = re.compile(r"This (?:is|was|will be) (?:a|an|the|our)\b")


def unit_claims(
    unit: Unit, previous: Unit | None, lead: set[int], shown: set[int], said: str = ""
) -> tuple[list[str], str, bool]:
    """The unit's standalone claims, its text as compared with a claim (is the claim all of it?), and whether it is
    (part of) the lead. `said` is what the reader has read before the unit: "these versions" may point at versions
    named there."""
    whole, in_lead = norm(ITEM.sub("", unit.text)), unit.index in lead
    if (effect := _effect(unit.text)) is not None:
        # "This caused many requests to time out." → "Many requests timed out.": the effect, said as what happened.
        return list(_claims(effect, verb_first=False)), whole, in_lead
    if (outcome := _OUTCOME.match(unit.text)) is not None:
        # "This cut cost by $4,000" → "Cut cost by $4,000": an outcome reads whole without its "this".
        return list(_claims(" ".join(unit.text[outcome.end() :].split()), verb_first=True)), whole, in_lead
    if (named := _it_named(unit, previous)) is not None:
        # "This model is a fine-tuned version of X. It achieves…": "It" is the model the text is about.
        text = named + unit.text[2:]
        return [t for s in _sentences(text) for t in _claims(s, verb_first=False)], norm(text), in_lead
    joined = _joined(unit, previous)
    if joined is not None and previous is not None:
        if (previous.index in shown) != (unit.index in shown):
            return [], whole, in_lead  # the sentence it points at is not beside it
        claims = [t for t in _claims(joined[0], verb_first=False) if joined[1] in t]
        return claims, norm(joined[0]), in_lead and previous.index in lead
    # "This is a security release." as a text's opening sentence: "this" is the text itself, not a sentence before.
    opens_text = unit.kind == "sentence" and (previous is None or previous.kind == "heading") and unit.index <= 1
    claims = [
        t
        for k, s in enumerate(_sentences(unit.text))
        for t in _claims(s, verb_first=unit.kind == "item", about_itself=opens_text and k == 0, said=said)
    ]
    return claims, whole, in_lead


# "This model …", "The library …": a sentence about the thing the text itself is about (see `_HERE_AND_NOW`).
_ABOUT_ITSELF = re.compile(rf"^(?:This|The|Our)\s+({_HERE_AND_NOW})\b", re.IGNORECASE)


def _it_named(unit: Unit, previous: Unit | None) -> str | None:
    """ "This model" for an opening "It" when the sentence just before is about this model; None otherwise."""
    if previous is None or previous.kind != "sentence" or not re.match(r"It\s+[a-z]", unit.text):
        return None
    if unit.text.startswith(("It is ", "It was ", "It's ")) and not re.match(r"It (?:is|was) \w+ed\b", unit.text):
        return None  # "It is worth noting…", "It was a long night": no claim about the thing
    about = _ABOUT_ITSELF.match(previous.text)
    return f"This {about.group(1).lower()}" if about is not None else None


def _effect(text: str) -> str | None:
    """ "This caused X to Y …" as "X Y-ed …" (the writer's words, the verb in the past tense); None for any other
    shape, or a verb whose past tense is not regular or known."""
    m = _CAUSED_TO.match(" ".join(text.split()))
    if m is None:
        return None
    subject, verb, rest = m.group("subject"), m.group("verb"), m.group("rest")
    past = _past(verb.lower())
    if past is None or subject.split()[0].lower() in _DETERMINER - {"the", "a", "an", "many", "some", "all", "most"}:
        return None
    return f"{subject[:1].upper()}{subject[1:]} {m.group('adverb') or ''}{past}{rest}"


def _past(verb: str) -> str | None:
    """The past tense of a verb: irregular ones from a short list, regular ones by the spelling rules."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if not re.fullmatch(r"[a-z]{2,}", verb) or verb in AUXILIARY:
        return None
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb):  # "stop" → "stopped", one syllable
        return verb + verb[-1] + "ed"
    return verb + "ed"


def _joined(unit: Unit, previous: Unit | None) -> tuple[str, str] | None:
    """A consequence ("This resulted in delays.") joined to the sentence it points at, as one sentence with "which"
    ("The relay slowed down, which resulted in delays."), and the words that start the consequence; None when the
    unit is not one. Alone, "Resulted in delays" has no subject, and "This resulted…" points at nothing."""
    text = " ".join(unit.text.split())
    pronoun = _THIS_VERB.match(text)
    rest = text[pronoun.end() :] if pronoun is not None else ""
    word = _TOKEN.match(rest)
    if word is None or previous is None or previous.kind != "sentence":
        return None
    verb = word.group().lower()
    if not (finite(verb) or verb in AUXILIARY) or not previous.text.endswith(".") or "\n\n" in previous.text:
        return None
    return f"{' '.join(previous.text[:-1].split())}, which {rest}", f"which {word.group()}"


def _sentences(text: str) -> Iterator[str]:
    """The sentences of a unit without its list marker, its emphasis marks or a title line stuck to it (a line with
    no closing stop followed by a blank line: "Deprecation of X\\n\\nThis deprecation aligns…")."""
    text = _EMPHASIS.sub(r"\1", _TICKET.sub("", ITEM.sub("", text)).replace("**", "").replace("__", ""))
    text = _LEADING_MARKS.sub("", text)  # "⚠️ This model is deprecated": the mark is no word of the claim
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    for i, para in enumerate(paragraphs):
        if i + 1 < len(paragraphs) and not para.endswith((".", "!", "?", ":")):
            continue
        # A list item or a paragraph may hold several sentences; each is a claim of its own.
        yield from _SENTENCE_BREAK.split(" ".join(para.split()))


def _claims(sentence: str, *, verb_first: bool, about_itself: bool = False, said: str = "") -> Iterator[str]:
    """Every run of the sentence's clauses that reads as a standalone claim, its cause cut off. With `about_itself`,
    an opening "This is…" names the text itself and may open a claim."""
    if _BACKGROUND.match(sentence):
        return
    itself = _ITSELF.match(sentence) if about_itself else None
    # The checks read "the text is…"; the claim keeps the writer's "This is…".
    text = sentence if itself is None else "The text" + sentence[4:]
    for _ in range(2):
        text = _CONNECTIVE.sub("", text, count=1)
    pieces = _pieces(text)
    causes = [_CAUSE.search(text, a, b) for a, b in pieces]  # once per clause, not once per run of clauses
    seen: set[str] = set()
    for i, (start, piece_end) in enumerate(pieces):
        # What the opening checks read: the start of the rest, never all of a long sentence (linear time).
        opening = _CONJUNCTION.sub("", text[start : start + 400].strip(" ,;:—"))
        first = i == 0
        if not _opens_claim(opening, first=first, verb_first=verb_first and first, said=said):
            continue
        if text[start:piece_end].rstrip().endswith(":") and not _has_verb(text[start:piece_end]):
            continue  # "Bug triage for the mobile app:" labels what follows; the line starts after it
        if _WHEN_CLAUSE.match(opening) and _has_verb(text[start:piece_end], skip=1):
            continue  # "After we deployed the fix, …" is a clause that waits for its main clause
        for j in range(i, len(pieces)):
            cause = causes[j]
            end = cause.start() if cause is not None else pieces[j][1]
            span = _CONJUNCTION.sub("", text[start:end].strip(" ,;:—"))
            if cause is not None:
                span = _STUB.sub("", span)  # "…, which is caused by X" leaves "…, which is": it goes with its cause
            span = span.strip(" ,;:—-")
            n = len(span.split())
            if n > _MAX_WORDS:
                break  # a longer run is longer still (and this bounds the work on a sentence of many commas)
            if span not in seen and not _points_back(span, said):
                seen.add(span)
                if n >= _MIN_WORDS and _has_verb(span, verb_first=verb_first and first):
                    yield sentence[:4] + span[8:] if itself is not None and start == 0 else span
            if cause is not None:
                break  # every longer run ends at the same cause


_THESE = re.compile(r"(?:these|those) ([a-z]+s)\b|this ([a-z]{3,})\b", re.IGNORECASE)


def _points_back(span: str, said: str) -> bool:
    """Whether the span points at something it does not name; "these versions" does not when `said` names versions
    ("Retirement of Kubernetes versions 1.27 and 1.28" is what the reader has just read)."""
    return any(not _named_in(m.group() + span[m.end() :], said) for m in _POINTS_BACK.finditer(span))


def _named_in(text: str, said: str) -> bool:
    """Whether `text` opens with "these versions" or "this upgrade" and `said` names versions or an upgrade."""
    these = _THESE.match(text)
    if these is None:
        return False
    noun = these.group(1) or these.group(2)
    # a noun: the word after it is the verb ("this upgrade caused", "these versions should"), not "this began to"
    verb = _TOKEN.match(text[these.end() :].lstrip())
    after = verb.group().lower() if verb is not None else ""
    if noun.lower() in AUXILIARY or (finite(noun.lower()) and not (finite(after) or after in AUXILIARY)):
        return False
    return re.search(rf"\b{noun}\b", said, re.IGNORECASE) is not None


def _opens_claim(text: str, *, first: bool, verb_first: bool, said: str = "") -> bool:
    """Whether a line may start here: not a subordinate clause, a participle, a pronoun pointing back, or (after the
    sentence's start) a verb whose subject was left behind."""
    word = _TOKEN.match(text)
    if _SUBORDINATE.match(text) or (_POINTS_BACK_START.match(text) and not _named_in(text, said)):
        return False
    if word is not None and word.group().lower().replace("’", "'") in AUXILIARY:
        return False  # "…, and is created using…": the subject was left behind (unlike "We're raising…")
    if _PARTICIPLE.match(text):
        # "Caching them speeds up…" opens with its subject; ", reducing errors" and "Coupled with…" do not.
        gerund = first and word is not None and word.group().lower().endswith("ing")
        return gerund and _has_verb(text, skip=1, strict=True)
    if word is not None and _verb_form(word.group()):
        # "Fixed the retries" opens a changelog entry, "Measured availability was…" a clause with its own verb;
        # "…, then identified and isolated the cause" left its subject behind (a verb after "and" is not its own).
        return verb_first or _has_verb(text, skip=1, own=True)
    if _SUBJECTLESS.match(text):
        return False  # "Definitely want to…": a note to self, its subject left out
    return text[:1].isalnum() or text[:1] in "`\"'“‘([$€£~"  # not "=== Release 3 ===" nor "| a | b |"


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentence's clauses: cut at , ; : — outside code and brackets, except where a comma only
    separates the items of a list ("1.27, 1.28, and 1.29", "Container, NPM, and Nuget")."""
    protected = Protected(text)
    depth = 0
    cuts: list[int] = []
    for i, ch in enumerate(text):
        depth += ch in "(["
        depth -= ch in ")]" and depth > 0
        if (
            ch in ",;:—"
            and not depth
            and not protected.touches(i, i + 1)
            and text[i + 1 : i + 2] in (" ", "")
            and not (ch == "," and _DATE_COMMA.search(text, 0, i + 6))
        ):
            cuts.append(i + 1)
        elif ch == " " and not depth and _NEW_CLAUSE.match(text, i) and not protected.touches(i, i + 1):
            cuts.append(i)  # "… back online and we had to wait …": a second clause with its own subject
    bounds = [0, *cuts, len(text)]
    pieces = [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip(" ,;:—")]
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        piece = text[a:b].strip(" ,")
        bare = re.sub(r"^(?:and|or)\s+", "", piece, flags=re.IGNORECASE)
        finite = _has_verb(bare, strict=True)
        short = len(bare.split()) <= 3 and not finite
        # "… create services, delete services, or reboot them": the last item of a list, no clause of its own.
        last = bare != piece and piece[:2].lower() == "or" and not finite
        if merged and text[a - 1] == "," and (short or last):
            merged[-1] = (merged[-1][0], b)  # a list item, not a clause
        else:
            merged.append((a, b))
    return merged


def _has_verb(text: str, *, skip: int = 0, verb_first: bool = False, strict: bool = False, own: bool = False) -> bool:
    """Whether the text holds a finite verb (words before `skip` aside); a changelog entry's opening verb counts
    when `verb_first`. A heuristic: an auxiliary, a past tense not after a determiner, a known verb in any form
    (only its -s form when `strict`, as base forms are often nouns: "avoiding hang"); with `own`, not one that is
    coordinated with a verb before it ("identified and isolated")."""
    # "31 May 2019" holds a month, not the verb "may".
    tokens = [t.lower().replace("’", "'") for t in _TOKEN.findall(_DATE_MAY.sub(" ", text))]
    if verb_first and tokens and _verb_form(tokens[0]):
        return True
    for k in range(skip, len(tokens)):
        tok, before = tokens[k], tokens[k - 1] if k else ""
        if tok in AUXILIARY or tok in _SUBJECT_AUXILIARY:
            return True
        if (
            before in _DETERMINER
            or not k
            or before == "to"
            or (before.endswith("ly") and tokens[k - 2 : k - 1] == ["to"])
        ):
            continue  # "to avoid", "to hopefully avoid": an infinitive, not a finite verb
        if own and before in ("and", "or", "then", "but"):
            continue
        # A known verb in any form ("benchmarks show"); any -s word right after a subject ("it now throws").
        known = _VERB.fullmatch(tok) is not None and (not strict or before in _SUBJECT)  # "customers now get"
        if finite(tok) or known or (before in _SUBJECT and tok.endswith("s")):
            return True
    return False


def finite(word: str) -> bool:
    """A past tense or a known verb's -s form ("caused", "cut", "speeds"): a verb whatever comes before it."""
    past = (len(word) > 4 and word.endswith("ed")) or word in _IRREGULAR_PAST
    return past or (_VERB.fullmatch(word) is not None and word.endswith("s"))


def _verb_form(word: str) -> bool:
    """A word that can open a changelog entry as its verb ("Fixed", "Adds", "Remove")."""
    word = word.lower()
    return finite(word) or _VERB.fullmatch(word) is not None


def norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
