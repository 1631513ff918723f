"""The offline translate engine: deterministic rules over the glossary, never a changed number.

Steps, each recorded as a change with its reason:
1. glossary terms this reader does not know, longest phrase first: replaced by plain words when the
   glossary says the plain words read in the same place, otherwise kept and explained once in brackets;
   a term that holds a fact (a number, a name, a negation) is always kept and explained, never replaced;
2. wordy phrases shortened (prompts/concise.yaml);
3. for readers who decide (executive, sales), the sentence with a measured result moved first;
4. sentences over the length limit split at a clause boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.facts import extract_facts
from coach.analysis.jargon import GlossaryMatch, JargonIndex, knows, outermost
from coach.data import prompts_path, read_yaml
from coach.readers import Audience

LONG_SENTENCE_WORDS = 25
# A sentence runs to . ! or ? followed by white space (so "0.71", "e.g." inside words and "v2.3" stay whole),
# or to a line break; the separator stays with the sentence so joining the pieces gives the text back.
_SENTENCE = re.compile(r".+?(?:[.!?]+[\"')\]]*(?:\s+|$)|\n+|$)", re.DOTALL)
# Clause boundaries where a long sentence can become two without rewording: ", and", ", but", ", so", ";", ":".
_SPLIT_AT = re.compile(r",\s+(and|but|so)\s+|;\s+|:\s+(?=\S)")
_RESULT = re.compile(
    r"\b(cut|cuts|reduced?|lowered|saved?|saves|increased?|improved?|grew|raised|doubled|halved|dropped|"
    r"fell|rose|boosted|shipped|launched|delivered|eliminated|prevented|recovered)\b",
    re.IGNORECASE,
)
_DECIDERS = frozenset({"executive", "sales"})


class ConcisePhrases(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="Format version.")
    phrases: dict[str, str] = Field(description="Wordy phrase → shorter wording ('' deletes it).")


@cache
def _concise() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = read_yaml(prompts_path("concise.yaml"), ConcisePhrases)
    ordered = sorted(data.phrases.items(), key=lambda kv: -len(kv[0]))
    return tuple((re.compile(rf"(?<![\w-]){re.escape(k)}(?![\w-])", re.IGNORECASE), v) for k, v in ordered)


@dataclass(frozen=True, slots=True)
class RuleChange:
    before: str
    after: str
    reason: str


@dataclass(frozen=True, slots=True)
class OfflineDraft:
    rewrite: str
    changes: tuple[RuleChange, ...]


def rewrite(text: str, audience: Audience, index: JargonIndex) -> OfflineDraft:
    """Rewrite `text` for `audience` with rules only. Every number, name and negation of `text` survives."""
    changes: list[RuleChange] = []
    out = _plain_terms(text, audience, index, changes)
    out = _shorten(out, changes)
    if audience.id in _DECIDERS:
        out = _result_first(out, changes)
    out = _split_long(out, changes)
    return OfflineDraft(rewrite=_tidy(out), changes=tuple(changes))


def _plain_terms(text: str, audience: Audience, index: JargonIndex, changes: list[RuleChange]) -> str:
    found = extract_facts(text)
    facts = [(f.start, f.end) for f in found]
    # Where a version follows a name ("Postgres 16", "Kubernetes v1.29"), the explanation goes after it.
    version_end = {f.start: f.end for f in found if f.kind == "version"}
    # An entry whose plain words would bring a fact of their own (a name, a number) could add a claim the
    # writer never made; the glossary's data test forbids such entries, and this keeps team glossaries honest.
    targets = [
        m for m in outermost(index.matches(text)) if not knows(audience, m.entry) and not _carries_facts(m.entry.plain)
    ]
    pieces: list[str] = []
    cursor = 0
    explained: set[str] = set()
    replaced: set[str] = set()
    for m in targets:
        if m.start < cursor:
            continue  # swallowed by the version that follows the previous name
        gap = text[cursor : m.start]
        pieces.append(gap)
        holds_fact = any(s < m.end and m.start < e for s, e in facts)
        # Right after another term ("p95 latency regression") the word is part of a compound noun; swapping it
        # for a phrase breaks the sentence, so it is explained in place instead.
        in_compound = cursor > 0 and gap.strip() == ""
        # A plural found through its singular entry has no plural wording of its own: explain, don't swap.
        exact_form = m.text.lower() in {f.lower() for f in m.entry.forms}
        if m.entry.style == "replace" and exact_form and not holds_fact and not in_compound:
            plain = _match_case(m, text)
            pieces[-1] = _fix_article(pieces[-1], plain)
            pieces.append(plain)
            if m.text.lower() not in replaced:
                replaced.add(m.text.lower())
                changes.append(RuleChange(m.text, plain, _reason(m, audience, "replaced with plain words")))
        elif m.entry.term not in explained:
            explained.add(m.entry.term)
            # The bracket goes after a version that belongs to the name ("Postgres 16 (...)"), so the name and
            # its number stay together as the fact they are.
            gap_to_version = re.match(r"\s?v?", text[m.end :])
            end = version_end.get(m.end + (gap_to_version.end() if gap_to_version else 0), m.end)
            shown = f"{text[m.start : end]} ({m.entry.plain})"
            pieces.append(shown)
            why = (
                "kept because it carries a fact, explained"
                if holds_fact
                else "kept inside a compound term, explained"
                if in_compound and m.entry.style == "replace"
                else "kept as a name, explained"
            )
            changes.append(RuleChange(text[m.start : end], shown, _reason(m, audience, why)))
            cursor = end
            continue
        else:
            pieces.append(m.text)
        cursor = m.end
    pieces.append(text[cursor:])
    return "".join(pieces)


@cache
def _carries_facts(words: str) -> bool:
    return bool(extract_facts(words))


def _reason(m: GlossaryMatch, audience: Audience, action: str) -> str:
    return f"'{m.text}' is {m.entry.category} jargon {audience.reader} may not know; {action}."


def _match_case(m: GlossaryMatch, text: str) -> str:
    plain = m.entry.plain
    before = text[max(0, m.start - 3) : m.start]
    # A sentence starts after . ! ? or at the top; after a line break only when the writer capitalised the word
    # (a bullet), since wrapped text breaks lines mid-sentence.
    starts = m.start == 0 or re.search(r"[.!?]\s*$", before) is not None
    starts = starts or ("\n" in before and m.text[:1].isupper())
    if starts and plain[:1].islower() and not plain[1:2].isupper():  # "iOS" stays "iOS"
        return plain[:1].upper() + plain[1:]
    return plain


def _fix_article(before: str, word: str) -> str:
    """Keep 'a'/'an' right before a substituted word in agreement with it."""
    art = re.search(r"\b(a|an|A|An)\s+$", before)
    if not art:
        return before
    vowel = word[:1].lower() in "aeiou"
    new = ("an" if vowel else "a") if art.group(1).islower() else ("An" if vowel else "A")
    return before[: art.start(1)] + new + before[art.end(1) :]


def _shorten(text: str, changes: list[RuleChange]) -> str:
    for pattern, short in _concise():
        found = pattern.search(text)
        if found is None:
            continue
        changes.append(RuleChange(found.group(), short, "shorter words say the same; busy readers skim."))
        text = pattern.sub(short, text)
    return text


_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|incl|est|Dr|Mr|Ms|Mrs|No|Fig)\.\s*$", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for m in _SENTENCE.finditer(text):
        if not m.group():
            continue
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] += m.group()  # "e.g. " does not end a sentence
        else:
            pieces.append(m.group())
    return pieces


def _result_first(text: str, changes: list[RuleChange]) -> str:
    """Lead with the sentence that reports a measured result, when it is not first already."""
    if "\n" in text.strip():
        return text  # a list or several paragraphs: their order is the author's
    sentences = [s.strip() for s in _sentences(text)]
    if len(sentences) < 2:
        return text
    for i, s in enumerate(sentences):
        has_result = _RESULT.search(s) is not None and any(
            f.kind in {"number", "percent", "money", "duration", "range"} for f in extract_facts(s)
        )
        if has_result:
            if i == 0:
                return text
            moved = [s, *sentences[:i], *sentences[i + 1 :]]
            changes.append(
                RuleChange(
                    s,
                    "(moved first)",
                    "leads with the measured result: the first line is often the only one a decision-maker reads.",
                )
            )
            return " ".join(moved)
    return text


def _split_long(text: str, changes: list[RuleChange]) -> str:
    out: list[str] = []
    for sentence in _sentences(text):
        words = len(sentence.split())
        if words > LONG_SENTENCE_WORDS:
            split = _split_until_short(sentence)
            if split != sentence:
                changes.append(
                    RuleChange(
                        sentence.strip(), split.strip(), f"split a {words}-word sentence; one idea per sentence."
                    )
                )
                sentence = split
        out.append(sentence)
    return "".join(out)


def _split_until_short(sentence: str) -> str:
    """Split at clause boundaries, again and again, until every piece is short or cannot be split."""
    pieces = [sentence]
    while True:
        for i, piece in enumerate(pieces):
            if len(piece.split()) > LONG_SENTENCE_WORDS and (parts := _split_sentence(piece)):
                pieces[i : i + 1] = parts
                break
        else:
            return "".join(pieces)


def _split_sentence(sentence: str) -> tuple[str, str] | None:
    """The sentence as two, split at the clause boundary nearest its middle; None when there is none."""
    middle = len(sentence) / 2
    best: re.Match[str] | None = None
    for m in _SPLIT_AT.finditer(sentence):
        head, tail = sentence[: m.start()], sentence[m.end() :]
        if len(head.split()) < 5 or len(tail.split()) < 6:
            continue
        if best is None or abs(m.start() - middle) < abs(best.start() - middle):
            best = m
    if best is None:
        return None
    tail = sentence[best.end() :].lstrip()
    lead = {"but": "But ", "so": "So "}.get(best.group(1) or "", "")
    return f"{sentence[: best.start()].rstrip()}. ", lead + (tail if lead else tail[:1].upper() + tail[1:])


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    text = re.sub(
        r"(^\s*|(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)[.!?]\s+)([a-z])",
        lambda m: m.group(1) + m.group(2).upper(),
        text,
    )
    return text.strip()
