"""The fact check: which facts of an original its rewrite lost, and which it added."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from coach.analysis.facts._extract import _resolve, _scan
from coach.analysis.facts._model import FactCheck, FactKind
from coach.analysis.facts._parse import _percentile_class


class _Found(NamedTuple):
    """A fact as the comparison needs it (a light tuple: a long text may hold thousands)."""

    kind: FactKind
    text: str
    key: str


def _unmatched(mine: list[_Found], theirs: list[_Found]) -> list[_Found]:
    """Facts of `mine` left over after pairing each with one of `theirs` of the same key (same text first).

    Only counts matter for which facts of `mine` are left, so the pairing counts instead of searching lists:
    linear time even when a long text repeats one fact thousands of times.
    """
    by_key = Counter(f.key for f in theirs)
    by_text = Counter((f.key, f.text.casefold()) for f in theirs)
    pending: list[_Found] = []
    for f in mine:
        same = (f.key, f.text.casefold())
        if by_text[same]:
            by_text[same] -= 1
            by_key[f.key] -= 1
        else:
            pending.append(f)
    left: list[_Found] = []
    for f in pending:  # pair what is left by key alone: "did not" against "didn't"
        if by_key[f.key]:
            by_key[f.key] -= 1
        else:
            left.append(f)
    return left


def _is_jargon_percentile(key: str) -> bool:
    return key.startswith("name:p")


def _unexplained(left: list[_Found], other: list[_Found], *, numbers_may_go: bool) -> list[str]:
    """Leftover facts, less those that restate a percentile of the other text ("p99" and "99 in 100").

    Jargon (p99) may always be traded for the number it stands for, either way. A number may only be excused
    when it is *added* next to the jargon it explains; a number the original states must be kept as such.
    """
    jargon: set[str] = set()
    numbers: set[str] = set()
    for f in other:
        c = _percentile_class(f.key)
        if c is not None:
            (jargon if _is_jargon_percentile(f.key) else numbers).add(c)
    out = []
    for f in left:
        c = _percentile_class(f.key)
        if c is not None and (c in numbers if _is_jargon_percentile(f.key) else numbers_may_go and c in jargon):
            continue
        out.append(f.text)
    return out


_NONE_CUES = frozenset({"no", "none", "without"})


def _zero_is_none(left_a: list[_Found], left_b: list[_Found]) -> tuple[list[_Found], list[_Found]]:
    """The leftovers less each pair of a zero in one text and a "no"/"none"/"without" in the other.

    Zeros and cues pair in order of position: the first zero with the first cue, and so on.
    """
    a, b = list(left_a), list(left_b)
    for mine, theirs in ((a, b), (b, a)):
        zeros = [i for i, f in enumerate(mine) if f.kind == "number" and f.key == "number:0"]
        cues = [i for i, g in enumerate(theirs) if g.kind == "negation" and g.text.casefold() in _NONE_CUES]
        pairs = min(len(zeros), len(cues))
        paired_zeros, paired_cues = set(zeros[:pairs]), set(cues[:pairs])
        mine[:] = [f for i, f in enumerate(mine) if i not in paired_zeros]
        theirs[:] = [g for i, g in enumerate(theirs) if i not in paired_cues]
    return a, b


_PART_WORDS = 6


def compare(original: str, rewrite: str) -> FactCheck:
    """Which facts of `original` the rewrite lost, and which it added. A changed fact appears in both lists.

    A capitalised word that opens a sentence counts as a name in both texts when either text writes it
    capitalised mid-sentence, so moving "Postgres" to the front of a sentence is not reported.
    """
    a, b = _scan(original), _scan(rewrite)
    vocabulary = a.vocabulary | b.vocabulary
    facts_a = [_Found(k, original[s:e], key) for s, e, k, key in _resolve(a, vocabulary)]
    facts_b = [_Found(k, rewrite[s:e], key) for s, e, k, key in _resolve(b, vocabulary)]
    left_a, left_b = _zero_is_none(_unmatched(facts_a, facts_b), _unmatched(facts_b, facts_a))
    # Saying a name or a number the original states once more (a gloss "(Snowflake: …)") adds no fact; a second
    # "not" does change the meaning, so negations still count one by one.
    stated = {f.key for f in facts_a if f.kind != "negation"}
    # …and naming part of a name the original states ("GitHub" of "GitHub Codespaces") adds no new name either.
    # (Every run of up to _PART_WORDS words of every stated name, in a set: one lookup a name, not a scan of all the
    # names; the bound keeps a run-on "name" of thousands of capitalised words linear.)
    parts = {
        " ".join(words[i:j])
        for f in facts_a
        if f.kind == "name"
        for words in [f.key.removeprefix("name:").split()]
        for i in range(len(words))
        for j in range(i + 1, min(len(words), i + _PART_WORDS) + 1)
    }
    left_b = [
        f
        for f in left_b
        if f.kind == "negation"
        or (f.key not in stated and not (f.kind == "name" and " ".join(f.key.removeprefix("name:").split()) in parts))
    ]
    missing = _unexplained(left_a, facts_b, numbers_may_go=False)
    added = _unexplained(left_b, facts_a, numbers_may_go=True)
    return FactCheck(ok=not missing and not added, missing=missing, added=added)
