"""Long sentences cut in two at clause boundaries, so a reader who decides meets one idea per sentence and the
budget counts the sentences they will see: ", causing X" becomes "This caused X", ", which …" becomes "This …" or
"It …", a past-tense "that" clause with a clear head becomes "This upgrade caused …", and how an incident ended gets a
sentence of its own. Never inside code or brackets, never into a fragment."""

from __future__ import annotations

import re

from coach.features.translate.claims import AUXILIARY, finite
from coach.features.translate.plainwords import Edit
from coach.features.translate.protect import Protected
from coach.features.translate.structure import leans_back, units
from coach.features.translate.worth import settles

LONG_SENTENCE_WORDS = 18
# Clause boundaries where a long sentence becomes two. A participle that starts a consequence (", causing X")
# becomes a sentence of its own with "This" and the past tense ("This caused X"): the same claim, shorter.
_SPLIT_AT = re.compile(
    r",\s+(and|but|so|which|while|causing|resulting in|leading to|reducing|increasing|making|meaning|allowing|"
    r"preventing|triggering|affecting|caused by|due to)\s+|;\s+|:\s+(?=\S)|\s+—\s+|\s+(due to)\s+"
)
# A tail that opens with a participle, an infinitive or a negation is not a sentence of its own.
_NOT_A_CLAUSE = re.compile(
    r"(?:\d|\w+ing\b|\w+ed\b|(?:to|not|no|which|who|whose|where|when|what|how|why|whether|as|than|because|"
    r"so that|is|are|was|were|has|have|"
    r"had|can|could|will|would|may|might|should|must|does|do|did)\b)",
    re.I,
)
_CONSEQUENCE = {
    "causing": "This caused ",
    "resulting in": "This resulted in ",
    "leading to": "This led to ",
    "reducing": "This reduced ",
    "increasing": "This increased ",
    "making": "This made ",
    "meaning": "This meant ",
    "allowing": "This allowed ",
    "preventing": "This prevented ",
    "triggering": "This triggered ",
    "affecting": "This affected ",
    "which": "This ",
    "caused by": "This was caused by ",
    "due to": "This was due to ",
    "but": "But ",
    "so": "So ",
    "while": "Meanwhile, ",
}


def split_long(text: str, edits: list[Edit], continued: set[str] | None = None) -> str:
    """Long sentences split at clause boundaries; `continued` collects every piece after the first of a split
    sentence (it goes on from the piece before it, so it cannot be read without it)."""
    out: list[str] = []
    for u in units(text):
        piece = u.raw
        if u.kind == "sentence" and leans_back(u) and (ended := _settled_apart(piece)) is not None:
            # "This freed the pool and processing returned to normal by 21:25.": how the incident ended stands on
            # its own, so it may lead or fit the budget without the sentence "This" points at.
            edits.append(Edit(piece.strip(), "".join(ended).strip(), "how it ended gets a sentence of its own."))
            piece = "".join(ended)
        if u.kind == "sentence" and u.words > LONG_SENTENCE_WORDS:
            pieces = _split_until_short(piece)
            split = "".join(pieces)
            if split != piece:
                edits.append(
                    Edit(piece.strip(), split.strip(), f"split a {u.words}-word sentence; one idea per sentence.")
                )
                piece = split
                if continued is not None:
                    continued.update(p.strip() for p in pieces[1:])
        out.append(piece)
    return "".join(out)


# "… and processing returned to normal by 21:25": a clause with its own subject (a few words) and verb after "and".
_AND_CLAUSE = re.compile(
    r",?\s+and\s+(?=(?:the\s+|our\s+|all\s+|most\s+)?(?:[a-z][\w-]*\s+){0,3}(?:returned|recovered|resumed|"
    r"was|were|is|are|came|went|stayed|remained)\b)"
)


def _settled_apart(sentence: str) -> tuple[str, str] | None:
    """A sentence that leans on the one before it, cut before a last "and" clause that says how an incident ended
    and has its own subject; None when it has none."""
    protected = Protected(sentence)
    for m in _AND_CLAUSE.finditer(sentence):
        tail = sentence[m.end() :]
        if protected.touches(m.start(), m.end()) or not settles(tail) or _AND_CLAUSE.search(tail):
            continue
        return sentence[: m.start()] + ". ", tail[:1].upper() + tail[1:]
    return None


# "…in gender, race" before ", and": a short item after a comma, so the "and" ends a list of short items.
_LIST_BEFORE = re.compile(r",\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+$")


def _has_verb(text: str) -> bool:
    """Whether words hold a verb: a finite form or an auxiliary ("the Dashboard for 17 minutes" holds none)."""
    return any(finite(w) or w in AUXILIARY for w in re.findall(r"[a-z']+", text.lower()))


def _has_clause(text: str) -> bool:
    """Whether words after a colon hold a verb of their own (a sentence), not only a list of things ("invoices
    (INV), refunds (REF) and notes": three short parts, whatever word in them could be a verb)."""
    parts = [p for p in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", text.strip().rstrip(".")) if p]
    if len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts):
        return False
    return _has_verb(text)


def _split_until_short(sentence: str) -> list[str]:
    """Split at clause boundaries, again and again, until every piece is short or cannot be split."""
    pieces = [sentence]
    while True:
        for i, piece in enumerate(pieces):
            if len(piece.split()) > LONG_SENTENCE_WORDS and (parts := _split_sentence(piece)):
                pieces[i : i + 1] = parts
                break
        else:
            return pieces


# A clause boundary after which the sentence's own verb still comes (", caused…", ", decides to…").
_GOES_ON = re.compile(r",\s+(?:[a-z]+(?:ed|es|s)|and|but)\b")
# After ", which": a verb that reports what the whole clause led to ("…, which created a crash loop") makes the
# new sentence start "This"; any other describes the noun before it, and "It" reads right.
_EVENT_VERB = re.compile(
    r"(?:\w+ed|caused|led|made|meant|took|brought|gave|let|kept|put|cut|set|sent|broke|means|makes|lets|leads|"
    r"results|causes|allows|gives|brings|forces|triggers|prevents|reduces|increases|explains|saves|costs|was|is|"
    r"has|had|will|would|could|can|may|might)\b"
)


def _split_sentence(sentence: str) -> tuple[str, str] | None:
    """The sentence as two, split at the clause boundary nearest its middle; None when there is none."""
    middle = len(sentence) / 2
    protected = Protected(sentence)
    depth = _depths(sentence)
    best: re.Match[str] | None = None
    for m in _SPLIT_AT.finditer(sentence):
        head, tail = sentence[: m.start()], sentence[m.end() :]
        if len(head.split()) < 5 or len(tail.split()) < 6 or protected.touches(m.start(), m.end()) or depth[m.start()]:
            continue
        conjunction = m.group(1) or m.group(2)
        if conjunction in (None, "and", "but", "so", "while") and (
            _NOT_A_CLAUSE.match(tail.lstrip()) or not _has_verb(" ".join(tail.split()[:6]) if conjunction else tail)
        ):
            # "…; not allowing customers to…", "…, and the Dashboard for 17 minutes", "…, and what we are doing to
            # prevent it": each would become a fragment (a clause's verb comes within its first few words)
            continue
        if m.group(1) in ("and", "or") and _LIST_BEFORE.search(head):
            continue  # "in gender, race, and religious bias probes": the last item of a list, not a new clause
        if m.group().lstrip().startswith(":") and not _has_clause(tail):
            continue  # "…four types of entities: location (LOC), person (PER)…" lists; the list is no sentence
        if (m.group(1) or m.group(2)) in ("due to", "caused by") and _GOES_ON.search(tail):
            # "X, coupled with a failure to scale up due to more load, caused the queue to grow": the sentence goes
            # on after the cause, so "This was due to more load, caused the queue…" would break it
            continue
        if best is None or abs(m.start() - middle) < abs(best.start() - middle):
            best = m
    if best is None:
        return _split_relative(sentence, protected, depth)
    tail = sentence[best.end() :].lstrip()
    lead = _CONSEQUENCE.get(best.group(1) or best.group(2) or "", "")
    if best.group(1) == "which" and not _EVENT_VERB.match(tail):
        lead = "It "  # ", which hosts many servers" describes a thing: "It hosts…", not "This hosts…"
    mixed_case = any(c.isupper() for c in tail.split(" ", 1)[0][1:])  # "iOS", "eBay" keep their case
    body = tail if lead or mixed_case else tail[:1].upper() + tail[1:]
    return f"{sentence[: best.start()].rstrip()}. ", lead + body


# "…included a dependency upgrade that caused a lock issue…": a noun phrase (opened by a determiner) and a
# "that" clause in the past tense. It splits into "…included a dependency upgrade. This upgrade caused a lock
# issue…": the head noun, repeated, carries the link the relative pronoun made. Not inside a prepositional
# phrase: in "a layer for the search pages that reduced load" the clause may belong to "layer", not "pages".
_RELATIVE = re.compile(
    r"\b(?:a|an|the|this|our|their|its|his|her)\s+(?:[\w-]+\s+){0,2}?(?P<head>[a-z][a-z-]{2,})\s+that\s+"
    r"(?=(?:\w+ed|caused|led|made|took|brought|hit|meant|cut|kept|broke|sent|ran|went|fell|grew|rose)\b)"
)
# Heads that are not things ("the fact that", "the way that", "so much that").
_NOT_A_HEAD = frozenset({"fact", "way", "point", "extent", "time", "moment", "degree", "much", "idea", "hope"})
_PREPOSITIONS = frozenset(
    "about above across after against along among around at before behind below beneath beside between beyond by "
    "during for from in inside into near of off on onto outside over past per since through throughout to toward "
    "towards under underneath until upon via with within without".split()
)


def _split_relative(sentence: str, protected: Protected, depth: list[int]) -> tuple[str, str] | None:
    """The sentence as two at a past-tense "that" clause nearest its middle; None when there is none."""
    middle = len(sentence) / 2
    best: re.Match[str] | None = None
    for m in _RELATIVE.finditer(sentence):
        cut = m.end("head")
        before = re.search(r"(\w+)\W*$", sentence[: m.start()])
        if (
            m.group("head") in _NOT_A_HEAD
            or (before is not None and before.group(1).lower() in _PREPOSITIONS)
            or len(sentence[:cut].split()) < 6
            or len(sentence[m.end() :].split()) < 6
            or protected.touches(m.start(), m.end())
            or depth[cut]
        ):
            continue
        if best is None or abs(cut - middle) < abs(best.end("head") - middle):
            best = m
    if best is None:
        return None
    head = best.group("head")
    this = "These" if head.endswith("s") and not head.endswith("ss") else "This"
    return f"{sentence[: best.end('head')].rstrip()}. ", f"{this} {head} {sentence[best.end() :]}"


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        depth += ch in "(["
        depth -= ch in ")]" and depth > 0
        out.append(depth)
    return out
