"""The offline translate engine: deterministic rules, never a changed number, never a harder text.

For a reader who acts on business information (prompts/readers.yaml `lead_with`), the message is restructured
outcome first: the writer's sentence that carries what this reader weighs leads, the next most useful sentences
follow while they fit the reader's budget, and every other sentence moves to `details` (kept, fact-checked with
the rest). Readers with no `lead_with` (data scientists, the team) keep the writer's order. Then, in each part:
1. glossary terms this reader does not know are made plain without breaking the sentence (plainwords.py);
2. wordy phrases are shortened (prompts/concise.yaml);
3. sentences over the length limit are split at a clause boundary.
Code, commands, identifiers, URLs and paths are never edited (protect.py). `why_it_matters` quotes the clause
that carries the strongest business impact, labelled with its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.jargon import find_jargon, knows
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.readability import grade
from coach.analysis.spans import outermost
from coach.data import prompts_path, read_yaml
from coach.features.translate.claims import AUXILIARY, finite
from coach.features.translate.plainwords import Edit, TermState, plain_words
from coach.features.translate.protect import Protected
from coach.features.translate.structure import ITEM, Plan, Unit, leans_back, plan, units
from coach.features.translate.subjects import subjects
from coach.features.translate.why import label, why_it_matters
from coach.features.translate.worth import settles
from coach.readers import Reader

LONG_SENTENCE_WORDS = 18
# Clause boundaries where a long sentence becomes two. A participle that starts a consequence (", causing X")
# becomes a sentence of its own with "This" and the past tense ("This caused X"): the same claim, shorter.
_SPLIT_AT = re.compile(
    r",\s+(and|but|so|which|while|causing|resulting in|leading to|reducing|increasing|making|meaning|allowing|"
    r"preventing|triggering|affecting|caused by|due to)\s+|;\s+|:\s+(?=\S)|\s+—\s+|\s+(due to)\s+"
)
# A tail that opens with a participle, an infinitive or a negation is not a sentence of its own.
_NOT_A_CLAUSE = re.compile(
    r"(?:\d|\w+ing\b|\w+ed\b|(?:to|not|no|which|who|whose|where|when|as|than|because|so that|is|are|was|were|has|have|"
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


class ConcisePhrases(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="Format version.")
    phrases: dict[str, str] = Field(description="Wordy phrase → shorter wording ('' deletes it).")


@cache
def _concise() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every wordy phrase (longest first), and the shorter wording of each, by lower case."""
    data = read_yaml(prompts_path("concise.yaml"), ConcisePhrases)
    ordered = sorted(data.phrases, key=len, reverse=True)
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(k) for k in ordered)})(?![\w-])", re.IGNORECASE)
    return pattern, {k.lower(): v for k, v in data.phrases.items()}


@dataclass(frozen=True, slots=True)
class OfflineDraft:
    rewrite: str
    details: str
    why_it_matters: str | None
    changes: tuple[Edit, ...]


def rewrite(text: str, audience: Reader, index: JargonIndex) -> OfflineDraft:
    """Rewrite `text` for `audience` with rules only. Every number, name and negation of `text` survives in
    `rewrite` + `details`."""
    split_edits: list[Edit] = []
    # Long sentences are split first, so the budget counts the sentences the reader will see.
    prepared = _inline_short_lists(_open_prose_fences(text, split_edits), split_edits) if audience.lead_with else text
    continued: set[str] = set()
    all_units = units(_split_long(prepared, split_edits, continued))
    about = subjects(text, index) if audience.lead_with else frozenset()
    before = grade(text)
    best: tuple[float, Plan, str, str, list[Edit]] | None = None
    # The most useful sentences first; if that reads harder than the original, the shortest useful ones instead.
    # Each unit is weighed many times over (every budget check, in both layouts): read its terms once.
    opaque_of = cache(lambda t: _opaque(t, audience, index))
    explains_of = cache(lambda t: _explains(t, audience, index, about))
    for short_first in (False, True):
        layout = plan(
            all_units,
            audience.lead_with,
            audience.max_words,
            audience.max_sentences,
            opaque=opaque_of,
            explains=explains_of,
            continued=frozenset(u.index for u in all_units if u.text in continued),
            short_first=short_first,
        )
        edits = list(split_edits)
        state = TermState(document=text)
        main = _polish(_join(layout.main), audience, index, state, edits)
        details = (
            _polish("".join(u.raw for u in layout.details), audience, index, state, edits) if layout.details else ""
        )
        after = grade(main)
        if best is None or after < best[0]:
            best = (after, layout, main, details, edits)
        if after <= before or not audience.lead_with:
            break
    assert best is not None
    _, layout, main, details, edits = best
    if layout.moved_first is not None:
        edits.insert(
            0,
            Edit(
                layout.moved_first.text,
                "(moved first)",
                f"leads with what {audience.reader} acts on: the first line is often the only one read.",
            ),
        )
    if layout.details:
        moved = [u for u in layout.details if u.kind != "heading"]
        edits.insert(
            1 if layout.moved_first is not None else 0,
            Edit(
                f"{len(moved)} of {len(all_units)} parts",
                "(moved to details)",
                f"keeps the message within {audience.reader}'s budget of about {audience.max_words} words; "
                "nothing is dropped — it is all in `details`.",
            ),
        )
    shown = {u.index for u in layout.main} | layout.lead_covers
    why = why_it_matters(all_units, audience.lead_with, set(layout.lead_covers), main=shown)
    line = None
    if why is not None:
        kind, clause = why
        # The line gets the main text's plain and shorter words, so it never keeps jargon the main text replaced.
        plain = plain_words(clause, audience, index, TermState(), [], explain=False)
        line = f"{label(kind)}: {_tidy(_shorten(plain, [])).rstrip('.')}."
    return OfflineDraft(rewrite=main, details=details, why_it_matters=line, changes=tuple(edits))


# A fenced block whose tag says it holds prose, not code: "```release-note" in a pull-request template, "```text".
_PROSE_FENCE = re.compile(
    r"^```[ \t]*(?:release-notes?|text|txt|markdown|md|plain|plaintext|quote|note|notes|changelog)[ \t]*\n"
    r"(?P<body>(?:(?!```)[^\n]*\n){1,40}?)```[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def _open_prose_fences(text: str, edits: list[Edit]) -> str:
    """The text with its prose fences opened: a release note written in a fence is the writer's summary, to be read
    and planned like any sentence, not moved aside as code."""

    def opened(m: re.Match[str]) -> str:
        body = m["body"].rstrip("\n")
        edits.append(Edit(m.group(), body, "a release note in a fence is prose: it is read, not kept as code."))
        return body

    return _PROSE_FENCE.sub(opened, text)


def _opaque(text: str, audience: Reader, index: JargonIndex) -> int:
    """Terms this reader will not know that no glossary explains (identifiers, code, unknown names)."""
    return sum(1 for hit in find_jargon(text, audience, index) if hit.plain is None)


def _explains(text: str, audience: Reader, index: JargonIndex, about: frozenset[str]) -> dict[str, int]:
    """The glossary terms plain wording will explain in this text for this reader, and about how many words each
    adds (a swap adds its plain words too); the document's own subjects (`about`) are not explained."""
    return {
        m.entry.term.lower(): len(m.entry.plain.split())
        for m in outermost(index.matches(text))
        if not knows(audience, m.entry) and m.entry.term not in about
    }


_UNWRAP = re.compile(r"[ \t]*\n[ \t]*(?=\S)")


def _join(chosen: tuple[Unit, ...]) -> str:
    """The chosen units as one text: list items on their own lines, sentences run together."""
    out = ""
    previous: Unit | None = None
    for u in chosen:
        # A sentence or an item hard-wrapped by its writer ("…on\nour own GPUs") reads as one line.
        text = _UNWRAP.sub(" ", u.text) if u.kind in ("sentence", "item") else u.text
        if not out:
            out = text
        elif (
            u.kind != "sentence"
            or (previous and previous.kind != "sentence")
            or out.endswith(("\n", ":"))
            or not re.search(r"[.!?][\"')\]”’]*$", out)  # a title or a line with no full stop keeps its own line
        ):
            out += "\n" + text  # headings, list items and code keep their own lines, and so does what follows them
        else:
            out += " " + text
        previous = u
    return out


def _polish(text: str, audience: Reader, index: JargonIndex, state: TermState, edits: list[Edit]) -> str:
    # Readers who act on business information are told what kind of thing a code name or a path is.
    # Readers who decide get explanations in a note after each sentence, so the sentence itself stays short.
    out = plain_words(
        text, audience, index, state, edits, notes=bool(audience.lead_with), name_code=bool(audience.lead_with)
    )
    return _tidy(_shorten(out, edits))


# Swaps that are themselves determiners cannot follow an article or a possessive.
_DETERMINERS = frozenset({"more", "enough", "many", "most", "some", "too little", "about"})
_AFTER_ARTICLE = re.compile(r"\b(?:a|an|the|this|that|these|those|its|our|their|his|her|your|my)\s+$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:[-*•+]\s+)?|\(\s*)$")


def _shorten(text: str, edits: list[Edit]) -> str:
    """Wordy phrases → shorter ones, in one pass; never inside code."""
    pattern, short = _concise()
    protected: Protected | None = None
    out: list[str] = []
    cursor = 0
    said: set[str] = set()
    for m in pattern.finditer(text):
        protected = protected or Protected(text)
        if protected.touches(m.start(), m.end()):
            continue
        key = m.group().lower()
        new = short[key]
        if new in _DETERMINERS and _AFTER_ARTICLE.search(text[: m.start()]):
            continue  # "the additional load" → "the more load", "a sufficient amount" → "a enough amount": no
        if m.group()[0].isupper():
            if not _SENTENCE_START.search(text[: m.start()]):
                continue  # a capital inside a sentence is a name ("Tremendous", the company), not a wordy phrase
            new = new[:1].upper() + new[1:]  # "In order to fix it" → "To fix it"
        out += [text[cursor : m.start()], new]
        cursor = m.end()
        if key not in said:
            said.add(key)
            edits.append(Edit(m.group(), new, "shorter words say the same; busy readers skim."))
    out.append(text[cursor:])
    return "".join(out) if said else text  # a phrase deleted ("basically") leaves two spaces: _tidy joins them


# "It achieves the following results:" then a few short "- Label: value" lines: one sentence for a reader who
# decides ("It achieves the following results: Loss 0.37 and Accuracy 0.91."), so the figures fit their budget.
_SHORT_LIST = re.compile(
    r"^(?P<intro>[^\n#>|`]*\w[^\n`]*:)[ \t]*\n(?P<items>(?:[ \t]*[-*•+][ \t]+[^\n`]{1,40}\n?){2,5})(?=\n|$)",
    re.MULTILINE,
)
_MAX_ITEM_WORDS = 5


def _inline_short_lists(text: str, edits: list[Edit]) -> str:
    def inline(m: re.Match[str]) -> str:
        items = [ITEM.sub("", line).strip().rstrip(".;,") for line in m.group("items").splitlines() if line.strip()]
        if len(m.group("intro").split()) < 3 or any(len(i.split()) > _MAX_ITEM_WORDS for i in items):
            return m.group()
        items = [re.sub(r"^([^:]{1,30}):\s+(?=\S)", r"\1 ", i) for i in items]  # "Loss: 0.37" → "Loss 0.37"
        sentence = f"{m.group('intro')} {', '.join(items[:-1])} and {items[-1]}."
        edits.append(Edit(m.group().strip(), sentence, "a few short items read as one sentence; it fits the budget."))
        return sentence + ("\n" if m.group().endswith("\n") else "")

    return _SHORT_LIST.sub(inline, text)


def _split_long(text: str, edits: list[Edit], continued: set[str] | None = None) -> str:
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


def _has_clause(text: str) -> bool:
    """Whether words after a colon hold a verb of their own (a sentence), not only a list of things ("invoices
    (INV), refunds (REF) and notes": three short parts, whatever word in them could be a verb)."""
    parts = [p for p in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", text.strip().rstrip(".")) if p]
    if len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts):
        return False
    return any(finite(w) or w in AUXILIARY for w in re.findall(r"[a-z']+", text.lower()))


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
        if (m.group(1) or m.group(2)) in (None, "and", "but", "so", "while") and _NOT_A_CLAUSE.match(tail.lstrip()):
            continue  # "…; not allowing customers to…" would become a fragment
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


def _tidy(text: str) -> str:
    protected = Protected(text)

    def keep(m: re.Match[str], new: str) -> str:
        return m.group() if protected.touches(m.start(), m.end()) else new

    text = re.sub(r"[ \t]{2,}", lambda m: keep(m, " "), text)
    text = re.sub(r" +([,.;:!?])(?=\s|$)", lambda m: keep(m, m.group(1)), text)
    return text.strip()
