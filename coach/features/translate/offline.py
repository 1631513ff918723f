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
from coach.features.translate.plainwords import Edit, TermState, plain_words
from coach.features.translate.protect import Protected
from coach.features.translate.splitting import split_long
from coach.features.translate.structure import ITEM, Plan, Unit, plan, units
from coach.features.translate.subjects import subjects
from coach.features.translate.why import label, why_it_matters
from coach.readers import Reader


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
    all_units = units(split_long(prepared, split_edits, continued))
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
        main = _polish(
            _opening(_join(layout.main), edits) if audience.lead_with else _join(layout.main),
            audience,
            index,
            state,
            edits,
        )
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


# A connective that sets the opening against, or adds it to, a sentence the reader never sees ("However, …").
_CONNECTIVE_OPENING = re.compile(
    r"^(?:however|indeed|additionally|moreover|furthermore|in addition|that said|also|still),\s+(?=[a-z])", re.I
)


def _opening(text: str, edits: list[Edit]) -> str:
    """The message without a connective in front of its first sentence: nothing comes before it to contrast with."""
    m = _CONNECTIVE_OPENING.match(text)
    if m is None:
        return text
    edits.append(
        Edit(m.group().strip(), "(dropped)", "the message opens here: there is nothing before it to connect to.")
    )
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:]


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


def _tidy(text: str) -> str:
    protected = Protected(text)

    def keep(m: re.Match[str], new: str) -> str:
        return m.group() if protected.touches(m.start(), m.end()) else new

    text = re.sub(r"[ \t]{2,}", lambda m: keep(m, " "), text)
    text = re.sub(r" +([,.;:!?])(?=\s|$)", lambda m: keep(m, m.group(1)), text)
    return text.strip()
