"""Where the explanations of a sentence go: one short one in brackets right where it belongs, two or more (or a long
one) together in a note after the sentence, which stays small next to it (`PAIR`, `NOTE_SHARE`, `NOTE_FLOOR`): the
terms that help the reader most are kept, the rest are explained where the text meets them again."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.analysis.jargon_index import GlossaryMatch
from coach.analysis.rare import frequency
from coach.features.translate.codenames import code_names

if TYPE_CHECKING:
    from coach.features.translate.plainwords import Edit, TermState

MARKER = re.compile(r"\x00(\d+)\x00")
# A sentence ends at . ! ? before white space; a line break ends one only before a blank line, a list item or a
# heading (a hard-wrapped sentence goes on over its line breaks).
SENTENCE_PIECE = re.compile(
    # (a bracket that closes the line is the sentence's reference, "… a report. (:issue:`12`)": the note follows it)
    # (not after an abbreviation: "npm, Inc. registry" goes on)
    r"[\s\S]*?(?:(?<!\bInc)(?<!\bLtd)(?<!\bCorp)(?<!\bCo)(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bDr)(?<!\bMr)(?<!\bMs)"
    r"[.!?]+[\"')\]”’]*(?:[ \t]+\([^()\n]*\)(?=[ \t]*(?:\n|$)))?(?=\s|$)"
    r"|\n(?=[ \t]*\n|[ \t]*(?:[-*•+]|\d{1,3}[.)]|#{1,6})[ \t])|$)"
)
INLINE_WORDS = 6
MAX_NOTE = 4
# A note stays small next to its sentence: up to three explanations (PAIR) are always given, those that help most;
# a fourth only while the note's words stay within NOTE_SHARE of the sentence's, or NOTE_FLOOR words for a short
# sentence. An unexplained term is what a reader who decides stumbles on, so three are worth their words; from four
# on a note buries its sentence.
PAIR = 3
NOTE_SHARE = 0.6
NOTE_FLOOR = 14


def _fit_note(
    terms: list[GlossaryMatch],
    names: list[str],
    sentence_words: int,
    state: TermState,
    edits: list[Edit],
    dropped: list[GlossaryMatch],
) -> list[str]:
    """The note's entries: the terms that help the reader most (the rarest in everyday English, then the shortest
    to explain), then code names; the first PAIR always, more while the note fits its budget; in the order the
    sentence has them. A term left out stays flagged in the warnings, and is explained where the text (or a later
    part of it, its details) meets it again."""
    entries = [(f"{term_label(t)}: {t.entry.plain}", t) for t in terms] + [(n, None) for n in names]
    budget = max(NOTE_FLOOR, NOTE_SHARE * sentence_words)

    def need(i: int) -> tuple[int, float, int]:
        text, term = entries[i]
        if term is None:
            return (1, 0.0, len(text.split()))  # a code name's kind helps less than a term's meaning
        rarest = min(frequency(w) for w in content_words(term.text) or {""})
        return (0, rarest, len(text.split()))

    chosen: list[int] = []
    used = 0
    for i in sorted(range(len(entries)), key=need):
        words = len(entries[i][0].split())
        if len(chosen) >= PAIR and (used + words > budget or len(chosen) >= MAX_NOTE):
            continue
        chosen.append(i)
        used += words
    for i, (text, term) in enumerate(entries):
        if i in chosen:
            continue
        if term is None:  # the names may be said where the text mentions them again
            state.named.difference_update(n.strip() for n in text.rsplit(":", 1)[0].split(", "))
        else:
            state.explained.discard(term.entry.term)
            dropped.append(term)
            said = f"{term.text} ({term.entry.plain})"
            edits[:] = [e for e in edits if not (e.before == term.text and e.after == said)]
    return [entries[i][0] for i in sorted(chosen)]


def place_glosses(
    text: str,
    glosses: list[tuple[list[GlossaryMatch], str]],
    state: TermState,
    edits: list[Edit],
    dropped: list[GlossaryMatch],
    *,
    naming: bool,
    glossed: Callable[[str], str | None] = lambda _: None,
) -> str:
    """Put each explanation where it reads best: one short one in brackets right where it belongs; two or more in a
    sentence (or a long one) together in a bracketed note after the sentence, so the sentence itself stays short
    ("… tweaks the nginx and concurrency settings. (nginx: web server; concurrency: …)")."""
    if not glosses and not naming:
        return text
    out: list[str] = []
    for m in SENTENCE_PIECE.finditer(text):
        piece = m.group()
        found = [glosses[int(k)] for k in MARKER.findall(piece)]
        names = code_names(MARKER.sub("", piece), state.named, glossed) if naming else []
        if not found and not names:
            out.append(piece)
            continue
        terms = [t for group, _ in found for t in group]
        # One term, explained right after it (not after a longer phrase): a short bracket in place reads best.
        in_place = len(found) == 1 and len(terms) == 1 and not found[0][1].startswith(f" ({term_label(terms[0])}:")
        if not names and in_place and len(terms[0].entry.plain.split()) <= INLINE_WORDS:
            marker = MARKER.search(piece)
            assert marker is not None
            out.append(piece.replace(marker.group(), found[0][1]))
            continue
        body = MARKER.sub("", piece)
        stripped = body.rstrip()
        entries = _fit_note(terms, names, len(body.split()), state, edits, dropped)
        # One short statement per term, so the note reads as a list of definitions, not one long aside.
        note = "(" + ". ".join(entries) + ")"
        if stripped.endswith((".", "!", "?")):
            out.append(f"{stripped} {note}.{body[len(stripped) :]}")
        elif stripped.endswith(":"):  # a line that leads into a list keeps its colon last: the note goes before it
            out.append(f"{stripped[:-1]} {note}:{body[len(stripped) :]}")
        else:  # a list item or a heading-like line: close it first, so the note does not run on from it
            end = "." if stripped[-1:].isalnum() or stripped[-1:] in "`)%" else ""
            out.append(f"{stripped}{end} {note}{body[len(stripped) :]}")
    return "".join(out)


_FUNCTION_WORDS = frozenset("a an the of to in on at for by with from and or its their it is are be".split())


def content_words(words: str) -> set[str]:
    return {w.lower().removesuffix("s") for w in re.findall(r"[A-Za-z]+", words)} - _FUNCTION_WORDS


def gloss_bracket(pending: list[GlossaryMatch], end: int, text: str) -> str:
    first = pending[0]
    if len(pending) == 1 and first.end >= end - _version_len(text, first.end, end):
        return f" ({first.entry.plain})"
    return " (" + "; ".join(f"{term_label(m)}: {m.entry.plain}" for m in pending) + ")"


def term_label(m: GlossaryMatch) -> str:
    """The term as a gloss names it: lower case unless it is a name ("Logical replication" opening a sentence is
    "logical replication" inside a bracket, where a capital would read as a new name)."""
    lower_rest = not any(c.isupper() or c.isdigit() for c in m.text[1:])  # "Day-7" keeps its figure as written
    if m.entry.term[:1].islower() and m.text[:1].isupper() and lower_rest:
        return " ".join((m.text[:1].lower() + m.text[1:]).split())
    return " ".join(m.text.split())  # a term wrapped over a line break is named on one line


def _version_len(text: str, start: int, end: int) -> int:
    between = text[start:end]
    return len(between) if re.fullmatch(r"\s?v?[\d.]+", between) else 0
