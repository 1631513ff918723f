"""Outcome-first structure: the text as units (sentences, list items, code), the lead a reader acts on, what fits
their budget, what moves to `details`, and the one line on why it matters.

Nothing here writes new claims: the lead is the writer's own sentence that carries what this reader weighs
(prompts/readers.yaml `lead_with`), the main part is the writer's sentences that fit the reader's budget, and
`details` keeps every other sentence, in the writer's order, so the fact check sees all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from coach.analysis.facts import extract_facts
from coach.analysis.impact import Signal
from coach.features.translate.protect import Protected
from coach.features.translate.sections import RULE as _RULE
from coach.features.translate.sections import list_runs, sections
from coach.features.translate.worth import says_something, score, settles
from coach.flow.postchecks import sentence_count, word_count

UnitKind = Literal["sentence", "item", "heading", "code"]

# A sentence runs to . ! or ? followed by white space (so "0.71", "e.g." inside words and "v2.3" stay whole).
_SENTENCE = re.compile(r".+?(?:[.!?]+[\"')\]”’*_]*(?:\s+|$)|$)", re.DOTALL)
# Case matters: "Ms." is a title, "300 ms." ends a sentence.
_ABBREVIATION = re.compile(
    r"\b(?:(?i:e\.g|i\.e|w\.r\.t|a\.k\.a|etc|vs|approx|incl|cf|viz)|Dr|Mr|Ms|Mrs|No|Fig|al|Inc|Ltd|Corp|Co|Jr|Sr|St)\.\s*$"
)
ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,3}[.)]|\[[ xX]\])\s+")
_HEADING = re.compile(r"^\s*(?:#{1,6}\s|\*\*[^*]+\*\*:?\s*$|[A-Z][^.!?]{0,60}:\s*$)")
# A sentence that leans on the one before it ("This caused…", "However, …") cannot open a message.
_LEANS_BACK = re.compile(
    r"^\s*(?:this|that|these|those|it|its|they|their|them|he|she|such|here|there|also|however|but|so|then|thus|"
    r"therefore|as a result|in addition|additionally|moreover|meanwhile|after (?:that|this)|because of this|"
    r"which|and|or|both|the same|the other|another|other)\b",
    re.IGNORECASE,
)
# "during this time", "the same fix": words that point at something said before, so the sentence cannot open.
_POINTS_BACK = re.compile(
    r"\b(?:this|that|these|those) (?:time|period|incident|issue|change|changes|problem|outage|fix|release|one|ones|"
    r"step|work|case|process|component|service|job|device|activity|bug|error)\b|"
    r"\bthe (?:same|above|previous|former|latter)\b|"
    r"\b(?:as well|either|too)[.!?]?$|\balso\b|^\W*\w+ (?:them|it|this|these|those)\b",
    re.IGNORECASE,
)
# "these versions", "those hosts": things named somewhere before, not necessarily in the sentence just before.
_NAMED_BEFORE = re.compile(
    r"\b(?:these|those) (?!days\b|years\b)[a-z]+s\b|\b(?:this|that) (?:version|model|feature|product|endpoint|api)\b",
    re.IGNORECASE,
)
# Template sections written for the reviewer of a change: how to test or verify it, its checklist, screenshots.
_REVIEW_ONLY = re.compile(
    r"\b(?:how (?:to|can i|did you|was this|has this been) (?:verify|test|reproduce)\w*|verification|test(?:ing)? "
    r"(?:plan|steps|instructions|done)|checklist|screenshots?|how has this been tested)\b",
    re.IGNORECASE,
)
# A label that names a part of a report and says nothing of its own ("Incident Overview:", "Timeline of the Events").
_SECTION_LABEL = re.compile(
    r"[#*\s]*(?:(?:the|of|and|incident|event|events|outage|overview|summary|timeline|background|details|description|"
    r"impact|cause|root|resolution|next|steps|notes|introduction|conclusion|what|happened|update|updates)[\s:*#]*)+",
    re.IGNORECASE,
)
# How the incident the message is about ended, said of it as a whole ("This was resolved with a deployment.").
_ENDS_IT = re.compile(
    r"^(?:This|It|The (?:issue|incident|problem|outage|disruption))\s+(?:was|has been|is now|is)\s+(?:now\s+|fully\s+)?"
    r"(?:resolved|fixed|mitigated|remediated)\b"
)
# A line of a form's fields or a commit trailer ("Issue link: #868", "Fixes #12", "Signed-off-by: …"): never the
# hard-wrapped end of the sentence above it.
_FIELD_LINE = re.compile(
    r"^\s*(?:[A-Z][\w-]*(?:[ \t][\w-]+){0,2}:[ \t]*\S|(?:Fix(?:es|ed)?|Close[sd]?|Resolve[sd]?|Refs?|Part of)\s+#\d)"
)
# "Improvements Made", "Understanding What Happened": a title written as a plain line, each word capitalised.
_TITLE_LINE = re.compile(
    r"^[ \t]*[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z0-9][\w'’-]*|a|an|the|and|or|of|to|for|in|on|at|by|with|from|&)){0,7}"
    r"[ \t]*$"
)
# A bold stretch of a few words that opens a paragraph and says nothing happened: a run-in label, not a claim
# ("**Model Dates** Llama 2 was trained…" is cut after the label only when a full stop ends it inside the bold).
_RUN_IN_LABEL = re.compile(r"^\*\*[^*\n]{1,60}\*\*\s*$")
_VERB_LIKE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|do|does|did|\w{3,}ed)\b|"
    r"[%$€£]",
    re.IGNORECASE,
)
_LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]{1,100}\]:[ \t]+\S+[ \t]*(?:\s+[\"'(][^\n]*)?$")
_MOVE_MARGIN = 3.0
# A unit that carries a measured result, an action or what this reader weighs most: never dropped for brevity.
_STRONG = 2.0
# A first sentence scoring this much carries a weighed kind of impact: it is the writer's summary, it stays first.
_SAYS_IT = 5.0


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence, list item, heading or code block of a text, with the white space that followed it."""

    raw: str
    kind: UnitKind
    index: int

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def words(self) -> int:
        return len(self.raw.split())


def units(text: str) -> list[Unit]:
    """The text cut into units; joining every `raw` gives the text back."""
    out: list[Unit] = []
    protected = Protected(text)
    para: list[str] = []

    def flush() -> None:
        if para:
            pieces = _sentences("".join(para))
            for n, sentence in enumerate(pieces):
                # "**Llama 2 family of models.** Token counts refer to…": a bold label that opens its paragraph
                label = n + 1 < len(pieces) and _RUN_IN_LABEL.match(sentence) and not _VERB_LIKE.search(sentence)
                out.append(Unit(sentence, "heading" if label else "sentence", len(out)))
            para.clear()

    pos = 0
    lines = text.splitlines(keepends=True)
    for k, line in enumerate(lines):
        start, pos = pos, pos + len(line)
        lo, hi = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        if line.strip() and (protected.covers(lo, hi) or _LINK_DEFINITION.match(line)):
            # a code line (in a fence, indented, a shell line), or a Markdown link definition ("[swr]: https://…"),
            # which a renderer never shows: neither is a sentence to read
            flush()
            if out and out[-1].kind == "code":
                out[-1] = Unit(out[-1].raw + line, "code", out[-1].index)
            else:
                out.append(Unit(line, "code", len(out)))
            continue
        if not line.strip():
            if para:
                # A blank line ends a paragraph, and with it a title or a line with no full stop ("Achieves a
                # WER of 14.4"): it must not run on into the next paragraph's first sentence.
                para.append(line)
                flush()
            elif out:
                out[-1] = Unit(out[-1].raw + line, out[-1].kind, out[-1].index)
            else:
                para.append(line)
            continue
        if (
            not para
            and out
            and out[-1].kind == "item"
            and not out[-1].raw.endswith("\n\n")
            and not ITEM.match(line)
            and not _HEADING.match(line)
            and not (k + 1 < len(lines) and _RULE.match(lines[k + 1]))
        ):
            # A list item wrapped over several lines: the next line goes on with the item (Markdown's "lazy
            # continuation"), it is not a sentence of its own.
            out[-1] = Unit(out[-1].raw + line, "item", out[-1].index)
        elif ITEM.match(line):
            flush()
            out.append(Unit(line, "item", len(out)))
        elif para and _FIELD_LINE.match(line) and not re.search(r"[.!?:,;]\W*$", para[-1]):
            flush()
            para.append(line)
        elif (
            (
                _HEADING.match(line)
                and (len(line.split()) <= 4 or (line.lstrip().startswith(("#", "**")) and len(line.split()) <= 10))
            )
            or (  # a reStructuredText title: a rule of = - ~ ^ * under (or over) a short line, or the rule itself
                _RULE.match(line) or (k + 1 < len(lines) and _RULE.match(lines[k + 1]) and len(line.split()) <= 10)
            )
            or (  # a plain-text title: a short line in title case standing alone between blank lines
                not para
                and _TITLE_LINE.match(line)
                and (k + 1 == len(lines) or not lines[k + 1].strip())
                and (k == 0 or not lines[k - 1].strip())
            )
        ):
            flush()
            out.append(Unit(line, "heading", len(out)))
        else:
            para.append(line)
    flush()
    return out


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for m in _SENTENCE.finditer(text):
        if not m.group():
            continue
        if pieces and (
            _ABBREVIATION.search(pieces[-1])
            or not pieces[-1].strip()
            or not m.group().strip()
            or pieces[-1].count("**") % 2  # inside bold ("**Conclusion: it is faster. By half.**"): one piece
        ):
            pieces[-1] += m.group()  # "e.g. " does not end a sentence
        else:
            pieces.append(m.group())
    return pieces


@dataclass(frozen=True, slots=True)
class Plan:
    """Which units make the main part (lead first) and which go to details."""

    main: tuple[Unit, ...]
    details: tuple[Unit, ...]
    moved_first: Unit | None
    lead_covers: frozenset[int] = frozenset()
    """Indexes of the writer's units the lead is made of (two when a "This …" sentence was joined back)."""


def plan(
    all_units: list[Unit],
    lead_with: tuple[Signal, ...],
    max_words: int,
    max_sentences: int,
    opaque: Callable[[str], int] = lambda _: 0,
    explains: Callable[[str], dict[str, int]] = lambda _: {},
    continued: frozenset[int] = frozenset(),
    short_first: bool = False,
) -> Plan:
    """Lead with the unit this reader weighs most; add the next most useful units while they fit the budget.

    `opaque(text)` counts what the reader could not follow even after the rewrite (code, names no glossary
    explains): such a unit only joins the main part for what it carries, never to fill the budget. `explains(text)`
    gives the terms plain wording will explain in a unit and the words each adds: a term is explained once per
    text, so it costs only in the first unit chosen that has it. So the budget holds after the rewrite.
    `continued` holds the units that go on from the one before them (the second half of a split sentence): like
    "This caused…", they never fill the budget without it (one may still lead, when it says what the reader
    weighs most: "…, and the bill drops from $18k to $11k"). `short_first` fills the budget with the shortest
    useful units rather than the most useful ones."""
    if not lead_with:
        return Plan(tuple(all_units), (), None, frozenset({0}))
    # What sits under a pull request's "How to verify it" or "Checklist" is for the reviewer, not the reader.
    parts_of = sections(all_units)
    for_reviewers = {i for h, parts in parts_of.items() if _REVIEW_ONLY.search(all_units[h].text) for i in parts}
    candidates = [
        u
        for u in all_units
        if u.kind in ("sentence", "item") and says_something(u.text) and u.index not in for_reviewers
    ]
    if not candidates:
        return Plan(tuple(all_units), (), None)
    scores = {u.index: score(u.text, lead_with) - opaque(u.text) for u in candidates}

    def leans(u: Unit) -> bool:
        # "This was resolved with a deployment." points at the incident, which the lead is: it needs no other part
        return (u.index in continued or leans_back(u)) and not (chosen and _ENDS_IT.match(u.text))

    first = candidates[0]
    # A first sentence that says what happened and when ("On July 13, between 00:01 and 19:27 UTC, the service was
    # degraded") is the writer's summary of an incident: it stays first even when a later one scores higher.
    dated = any(f.kind in ("date", "time") for f in extract_facts(first.text))
    summary = dated and score(first.text, lead_with) >= _SAYS_IT  # (names it carries do not make it less of a summary)
    lead, chosen_extra = first, set()
    # A list or a document with headings keeps its order (a moved item would leave its heading).
    if not summary and not any(u.kind in ("heading", "item") for u in all_units):
        # The writer's first sentence leads unless a later one clearly carries more of what this reader weighs and
        # can stand on its own: moving sentences has a cost in flow, so it must buy something. How it ended cannot
        # open the message, but the next strongest may ("Packages publish but cannot be installed" before "We hope
        # to have it resolved shortly"); any other strongest that cannot lead leaves the writer's order alone.
        for u in sorted(candidates, key=lambda u: (-scores[u.index], u.index)):
            if u is first or scores[u.index] < scores[first.index] + _MOVE_MARGIN:
                break
            if (joined := _join_back(u, all_units, continued)) is not None:
                # "We migrated X. This cut cost by $4,000." → "We migrated X, which cut cost by $4,000." leads.
                previous, lead = joined
                chosen_extra = {previous}
                break
            if not (leans_back(u) or _NAMED_BEFORE.search(u.text) or settles(u.text) or u.text.startswith("`")):
                lead = u
            if lead is u or not settles(u.text):
                break
    chosen = {lead.index}

    explained: set[str] = set()

    def size(u: Unit) -> tuple[int, int]:
        new = {term: n for term, n in explains(u.text).items() if term not in explained}
        # (a note in brackets after the sentence is part of it: it costs words, not a sentence)
        return word_count(u.text) + sum(new.values()), sentence_count(u.text)

    def take(u: Unit) -> None:
        chosen.add(u.index)
        explained.update(explains(u.text))

    words, count = size(lead)
    take(lead)

    # What this reader acts on first, strongest first; then, while the budget lasts, the rest in the writer's order.
    def order(u: Unit) -> tuple[bool, float, int]:
        if short_first:  # what the reader weighs most, then what they act on, shortest first: easier to read
            return scores[u.index] < _STRONG, float(u.words), u.index
        # A sentence that cannot come without the one it leans on costs that one's sentence too: in a budget of three,
        # "how it ended" in one sentence beats a step of the story that needs two.
        intro = _intro(u, all_units)
        cost = 2 if (leans(u) and u.index - 1 not in chosen) or (intro and intro.index not in chosen) else 1
        return scores[u.index] < 1.0, -scores[u.index] / cost, u.index

    for u in sorted(candidates, key=order):
        if u.index in chosen:
            continue  # (a sentence full of code names comes last, but still joins when it fits)
        more_words, more_sentences = size(u)
        if words + more_words > max_words or count + more_sentences > max_sentences:
            continue
        if u.text.endswith(":") and u.index + 1 < len(all_units) and all_units[u.index + 1].kind == "item":
            continue  # a list's intro line comes with its items, never alone
        # A list item comes with the line that introduces its list ("It achieves these results:"), and a sentence
        # that leans on the one before it ("This collapses the cost…") comes with that one.
        companion = _intro(u, all_units)
        if companion is None and not leans(u) and _NAMED_BEFORE.search(u.text) and not any(i < u.index for i in chosen):
            continue  # "these versions" with nothing before it in the message names nothing
        if companion is None and leans(u) and u.index - 1 not in chosen:
            companion = all_units[u.index - 1] if u.index > 0 else None
            if companion is None or companion.kind != "sentence" or (leans(companion) and u.index - 2 not in chosen):
                continue  # without the sentence it leans on, it would point at nothing
        if companion is not None and companion.index not in chosen:
            extra_words, extra_sentences = size(companion)
            if words + more_words + extra_words > max_words or count + more_sentences + extra_sentences > max_sentences:
                continue
            take(companion)
            words, count = words + extra_words, count + extra_sentences
            more_words, more_sentences = size(u)  # the companion may explain a term this unit has
        take(u)
        words, count = words + more_words, count + more_sentences
    # Items of one list are read as peers ("Loss: 0.37", "Accuracy: 0.91"): keeping some and moving others looks
    # arbitrary, so a list that is partly in goes in whole when the whole still fits the budget.
    for run in list_runs(all_units):
        missing = [u for u in run if u.index not in chosen]
        more = [size(u) for u in missing]
        if (
            missing
            and len(missing) < len(run)
            and words + sum(w for w, _ in more) <= max_words
            and count + sum(n for _, n in more) <= max_sentences
        ):
            for u in missing:
                take(u)
            words, count = words + sum(w for w, _ in more), count + sum(n for _, n in more)
        elif missing and len(missing) < len(run):
            # When it does not fit, an item that only filled the budget goes back to its peers: "Properly listen for
            # all events" alone under "### Fixed" reads as the one fix, its sibling cut off in details.
            for u in run:
                if u.index in chosen and u.index != lead.index and scores[u.index] < 1.0:
                    chosen.discard(u.index)
    telling = {
        u.index
        for u in all_units
        if u.kind == "heading"
        and not u.text.endswith("?")  # not a template question
        and not _SECTION_LABEL.fullmatch(u.text)  # "Incident Overview:", "Timeline of the Events:" name a part only
        and (score(u.text, lead_with) >= 1.0 or any(f.kind in ("version", "date") for f in extract_facts(u.text)))
    }
    return _layout(all_units, parts_of, lead, chosen, chosen_extra, first, telling)


def _layout(
    all_units: list[Unit],
    parts_of: dict[int, list[int]],
    lead: Unit,
    chosen: set[int],
    joined: set[int],
    first: Unit,
    telling: set[int],
) -> Plan:
    """The plan for the chosen units: the lead first, then the rest in the writer's order. A heading that tells
    this reader something ("Breaking changes", "Security", "## v1.2.0 (2024-05-02)": which release) comes along
    with the parts under it; `details` keeps
    each heading that still has parts there, so no heading is left alone over nothing. Every other unit is in
    exactly one part."""
    chosen = chosen | joined
    # The label right over a chosen list item ("### Fixed", "CLI Changes") says what the item is: without it, two
    # equal items of two sections read as one said twice.
    innermost = {i: h for h, parts in parts_of.items() for i in parts}  # (later, deeper headings win)
    labels = {innermost[u.index] for u in all_units if u.kind == "item" and u.index in chosen and u.index in innermost}
    in_main = {h for h, parts in parts_of.items() if (h in telling or h in labels) and any(i in chosen for i in parts)}
    in_details = {h for h, parts in parts_of.items() if any(i not in chosen for i in parts)}
    main_units = [
        u
        for u in all_units
        if u.index != lead.index and u.index not in joined and (u.index in chosen or u.index in in_main)
    ]
    if main_units and lead.index != first.index:
        main: tuple[Unit, ...] = (lead, *main_units)
    else:
        main = tuple(sorted((lead, *main_units), key=lambda u: u.index))

    def to_details(u: Unit) -> bool:
        if u.kind != "heading":
            return u.index not in chosen
        if _RULE.match(u.text):
            return False  # a title's underline is decoration: it carries nothing once the title is elsewhere
        if u.index in in_details:
            return True
        # A label whose parts are all in the main text ("### Added") would head nothing in details; one that
        # states a fact the check tracks ("## v1.2.1", "### Testing Data") stays there, so nothing is dropped.
        return u.index not in in_main and (not parts_of[u.index] or bool(extract_facts(u.text)))

    rest = tuple(u for u in all_units if to_details(u))
    return Plan(main, rest, lead if lead.index != first.index else None, frozenset({lead.index, *joined}))


def leans_back(unit: Unit) -> bool:
    """Whether a unit points at the one before it ("This caused…", "during this time") and cannot stand alone."""
    return bool(_LEANS_BACK.match(unit.text) or _POINTS_BACK.search(unit.text))


def _intro(unit: Unit, all_units: list[Unit]) -> Unit | None:
    """The sentence ending in ":" that a list item's list hangs from, if any."""
    if unit.kind != "item":
        return None
    i = unit.index - 1
    while i >= 0 and all_units[i].kind == "item":
        i -= 1
    before = all_units[i] if i >= 0 else None
    return before if before is not None and before.kind == "sentence" and before.text.endswith(":") else None


# "This cut…", "It saved…": a consequence that points at the sentence before it, with the verb right after.
CONSEQUENCE = re.compile(
    r"^(?:This|That|It|Which)\s+(?=(?:\w+ed|cut|led|made|took|brought|hit|meant|gave|let|kept|put|set|sped|grew|rose|"
    r"fell|won|lost|saved|saves|cuts|means|makes|lets|could|would|will|can|may|might|should|has|had|is|was)\b)"
)


def _join_back(unit: Unit, all_units: list[Unit], continued: frozenset[int] = frozenset()) -> tuple[int, Unit] | None:
    """The unit joined to the sentence it leans on, as one sentence with "which"; None when it does not lean."""
    m = CONSEQUENCE.match(unit.text)
    previous = all_units[unit.index - 1] if unit.index > 0 else None
    if m is None or previous is None or previous.kind != "sentence" or not previous.text.endswith("."):
        return None
    if leans_back(previous) or previous.index in continued:
        return None  # "This reduction added…, which was resolved…" would open the message pointing at nothing
    merged = f"{previous.text[:-1]}, which {unit.text[m.end() :]}"
    return previous.index, Unit(merged + unit.raw[len(unit.raw.rstrip()) :], "sentence", unit.index)
