"""Glossary terms a reader does not know, made plain without breaking a sentence.

The rules, each for a failure seen on real texts:
- never inside code, a command, an identifier, a URL or a path (`protect.py`);
- a term is swapped for its plain words only where a noun phrase ends ("…the failover." / "failover and …"): in a
  modifier slot ("the failover runbook") a swapped phrase reads as a noun pasted before a noun, so the term stays
  and one bracket after the whole noun phrase explains it ("the failover runbook (failover: …)");
- one explanation per term per text, one bracket per noun phrase, never a bracket inside brackets, never one
  right after another bracket, never a term the writer already explained;
- no double negatives: after "not"/"no"/"never" a plain wording that is itself negative is not swapped in;
- a term that holds a fact (a number, a name) is kept and explained, never replaced;
- what the text is about is not explained to its reader ("Acme" in Acme's own incident report: `subjects.py`), nor
  a common word inside a longer Title Case name ("the Acme Fine-Tune Challenge"), nor a term whose plain words only
  restate it ("error rates: failure rate");
- a note after a sentence stays small next to it (`notes.py`), and a code name is said to be what it is (a
  setting, an error type, a tool, a library, a name in the code) or nothing is said (`codenames.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.analysis.facts import extract_facts
from coach.analysis.jargon import knows
from coach.analysis.jargon_explained import ABBREVIATION_ONLY, is_explained
from coach.analysis.jargon_index import GlossaryMatch, JargonIndex
from coach.analysis.rare import frequency
from coach.analysis.spans import outermost
from coach.features.translate.notes import (
    MARKER,
    SENTENCE_PIECE,
    content_words,
    gloss_bracket,
    place_glosses,
    term_label,
)
from coach.features.translate.protect import Protected
from coach.features.translate.slots import (
    PARTICLE,
    SINGULAR_SUBJECT,
    VERB_FORM,
    breaks_verb_phrase,
    label_line,
    premodified,
    short_modifier,
    takes_its_own_of,
)
from coach.features.translate.subjects import part_of_name, subjects
from coach.readers import Reader

# Words that end a noun phrase when they follow a term: function words, verbs that commonly follow a subject,
# and adverbs. A term followed by anything else (a lower-case content word) sits in a modifier slot.
_FOLLOWERS = frozenset(
    """and or but nor to for in on at of by with from as than that which who whom whose was were is are be been
    being has have had will would can could may might must should shall not no so then when while if because after
    before during into onto over under across about per via its it their our his her the a an this these those they
    we he she there here up down out off also only just still even all each every both either neither any some more
    most less least very too did does do caused causes created creates made makes led leads went goes became becomes
    returned returns failed fails reached reaches recovered resumed dropped rose fell stayed remained helped allowed
    now again instead already since until where why how what adds implements fixes uses runs removes replaces
    improves reduces skips speeds works worked means meant needs needed gets got lets let takes took within without
    through throughout against among amongst between beyond toward towards upon like unlike near around behind
    inside outside despite except due last next previous following today yesterday tomorrow tonight week month year
    ago later earlier soon yet though although unless whether whereas once ever never always often sometimes usually
    i you me us him them my your mine ours theirs one ones other others such same own several many much few
    grew fell rose went came ran broke took got gave made hit kept left lost met paid put saw sent set shut sold spent
    stood told won wrote began brought built caught chose drove found held knew meant spoke threw said says shows
    showed grows holds keeps stays starts stops needs seems looks feels gives goes comes""".split()
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|no|never|without|isn['’]t|aren['’]t|wasn['’]t|weren['’]t|don['’]t|doesn['’]t|"
    r"didn['’]t|can['’]t|cannot|won['’]t|nor)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_NEGATIVE_PLAIN = re.compile(r"^(?:un|in|non|dis|im|ir)\w+|\b(?:not|no|never|without|fail\w*|lack\w*)\b", re.I)
_CONTENT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z-]*)(?![\w.]\w)")
_WRITERS_BRACKET = re.compile(r"[ \t]?\((?:[^()\n;]{1,40})\)")
_MAX_MODIFIED = 2  # at most this many words after a term are read as the rest of its noun phrase


@dataclass
class Edit:
    """One edit, recorded as a change with its reason."""

    before: str
    after: str
    reason: str


@dataclass
class TermState:
    """What has been explained so far in one text (the main part and its details share it)."""

    explained: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)
    """Code names, paths and hosts already said to be such."""
    document: str = ""
    """The whole text the parts come from: what it is about is read from all of it, not from one part."""
    subjects: frozenset[str] | None = None
    """Glossary terms the document is about (found once, from `document`)."""


def plain_words(
    text: str,
    reader: Reader,
    index: JargonIndex,
    state: TermState,
    edits: list[Edit],
    *,
    explain: bool = True,
    name_code: bool = False,
    notes: bool = True,
) -> str:
    """`text` with the glossary terms `reader` does not know swapped or explained, by the rules above.

    With `explain` False only safe swaps are made (for a one-line summary, where brackets would crowd it). With
    `name_code`, code names, file paths and server names get a note saying what kind of thing they are (a reader
    who is told "`FindMissing`: a name in the code" knows they can skip it). With `notes` False every explanation
    stays in brackets where its term is (for technical readers, who meet few terms they need explained)."""
    not_before: dict[str, int] = {}
    for _ in range(_RETRIES):
        kept = (set(state.explained), set(state.replaced), set(state.named), list(edits))
        dropped: list[GlossaryMatch] = []
        out = _plain_words(text, reader, index, state, edits, explain, name_code, notes, not_before, dropped)
        # A term a full note had no room for is explained where the text meets it again, if it does.
        later = {
            m.entry.term: end
            for m in dropped
            if (end := _sentence_end(text, m.start)) < len(text)
            and any(o.entry.term == m.entry.term for o in index.matches(text[end:]))
        }
        if not later or all(not_before.get(t) == e for t, e in later.items()):
            return out
        state.explained, state.replaced, state.named, edits[:] = kept
        not_before.update(later)
    return out


_RETRIES = 3


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence holding text[at] ends."""
    for piece in SENTENCE_PIECE.finditer(text):
        if piece.end() > at:
            return piece.end()
    return len(text)


def _plain_words(
    text: str,
    reader: Reader,
    index: JargonIndex,
    state: TermState,
    edits: list[Edit],
    explain: bool,
    name_code: bool,
    notes: bool,
    not_before: dict[str, int],
    dropped: list[GlossaryMatch],
) -> str:
    protected = Protected(text)
    found_facts = extract_facts(text)
    facts = [(f.start, f.end) for f in found_facts]
    # A figure glued to a term belongs to its phrase ("HTTP 502s"); a negation after it does not ("retries not").
    figures = [(f.start, f.end) for f in found_facts if f.kind != "negation"]
    version_end = {f.start: f.end for f in extract_facts(text) if f.kind == "version"}
    brackets = _bracket_depths(text)
    matches = outermost(index.matches(text, context=f"{state.document}\n{text}" if state.document else None))
    if state.document and state.subjects is None:
        state.subjects = subjects(state.document, index)
    # With no whole document (a caller plain-wording separate items), each text is read on its own.
    about = state.subjects if state.document and state.subjects is not None else subjects(text, index)
    targets = [
        m
        for m in matches
        if m.entry.term not in about and not part_of_name(text, m)
        if not knows(reader, m.entry)
        and not protected.touches(m.start, m.end)
        and not brackets[m.start]
        and not is_explained(text, m.start, m.end)
        and not _carries_facts(m.entry.plain)
        and not label_line(text, m.start)  # a heading is a label: no gloss in it
        # "hung up", "rolled back": with its particle the verb means something else than the term alone
        and not (PARTICLE.match(text, m.end) and VERB_FORM.search(m.text))
        # "It hosts many of our servers": a verb after its subject, not the plural noun "hosts"
        and not (m.text.lower().endswith("s") and SINGULAR_SUBJECT.search(text, 0, m.start))
    ]
    out: list[str] = []
    glosses: list[tuple[list[GlossaryMatch], str]] = []  # (terms, inline bracket) per marker in `out`
    cursor = 0
    pending: list[GlossaryMatch] = []  # terms one bracket explains, at the end of the phrase they sit in
    group_end = 0
    for i, m in enumerate(targets):
        if m.start < cursor:
            continue
        out.append(text[cursor : m.start])
        cursor = m.end
        phrase_end = _phrase_end(text, m, version_end, protected, figures)
        holds_fact = any(s < m.end and m.start < e for s, e in facts)
        exact = m.text.lower() in {f.lower() for f in m.entry.forms}
        negated = _NEGATION_BEFORE.search(text[max(0, m.start - 40) : m.start]) is not None
        swap = (
            m.entry.style == "replace"
            and exact
            # the head of its phrase; or a modifier whose plain words are a short modifier too ("settings error")
            and (phrase_end == m.end or short_modifier(m.entry.plain))
            and not holds_fact
            and not (negated and _NEGATIVE_PLAIN.search(m.entry.plain))
            and not _doubles(text, m, "".join(out[-3:])[-30:])
            # the head of a phrase another term modifies ("failover runbook"): a long swap would bury the modifier
            and not (pending and m.start < group_end and not short_modifier(m.entry.plain))
            and not breaks_verb_phrase(text, m, m.entry.plain)
            and not premodified(text, m, m.entry.plain)
            and not takes_its_own_of(text, m, m.entry.plain)
        )
        if swap:
            plain = _with_article(_match_case(m, text), out[-1])
            out[-1] = _fix_article(out[-1], plain)
            out.append(plain)
            if m.text.lower() not in state.replaced:
                state.replaced.add(m.text.lower())
                edits.append(Edit(m.text, plain, _reason(m, reader, "replaced with plain words")))
        else:
            out.append(m.text)
            if negated and _NEGATIVE_PLAIN.search(m.entry.plain):
                continue  # "not significant (unlikely to be chance)" reads as a double negative: leave it flagged
            if (
                explain
                and m.entry.term not in state.explained
                and m.start >= not_before.get(m.entry.term, 0)
                and not _says_nothing_new(m)
            ):
                state.explained.add(m.entry.term)
                pending.append(m)
                group_end = max(group_end, phrase_end)
        following = targets[i + 1].start if i + 1 < len(targets) else len(text)
        if pending and following >= group_end:
            out.append(text[cursor:group_end])
            cursor = group_end
            writers = _WRITERS_BRACKET.match(text, group_end)
            written = True
            if writers is not None and not protected.touches(writers.start(), writers.end()):
                # Never two brackets in a row: a short bracket of the writer's ("API (v2)") takes the gloss too.
                close = writers.end() - 1
                if len(pending) == 1 and ABBREVIATION_ONLY.fullmatch(writers.group().strip()):
                    # "Cross-Site Request Forgery (CSRF)": the abbreviation labels the plain words it stands for
                    out.append(text[cursor:close] + ": " + pending[0].entry.plain)
                else:
                    notes_said = "; ".join(f"{term_label(t)}: {t.entry.plain}" for t in pending)
                    out.append(text[cursor:close] + "; " + notes_said)
                cursor = close
            elif not text[group_end : group_end + 2].lstrip().startswith("("):
                out.append(f"\x00{len(glosses)}\x00")  # placed once the whole sentence is known
                glosses.append((list(pending), gloss_bracket(pending, group_end, text)))
            else:
                written = False  # the writer's own long bracket follows: leave the term flagged
            if written:
                for term in pending:
                    why = (
                        "kept because it carries a fact, explained"
                        if any(s < term.end and term.start < e for s, e in facts)
                        else "explained"
                        if len(pending) == 1 and term.end == group_end
                        else "kept, explained after the phrase it is part of"
                    )
                    edits.append(Edit(term.text, f"{term.text} ({term.entry.plain})", _reason(term, reader, why)))
            pending.clear()
    out.append(text[cursor:])
    if not notes:  # a technical reader: a bracket right where each term is, no notes to read separately
        return MARKER.sub(lambda k: glosses[int(k.group(1))][1], "".join(out))

    def glossed(name: str) -> str | None:
        """The plain words for a code-shaped name the glossary knows whole ("node.js"), once per text."""
        whole = [
            m.entry
            for m in index.matches(name)
            if m.start == 0
            and m.end == len(name)
            and not any(f.isupper() for f in m.entry.forms if f.lower() == name.lower())
            and any(f.lower() == name.lower() for f in m.entry.forms)
        ]  # the entry's own spelling in any case ("node.js" for "Node.js"), never an acronym's ("lru" is a library)
        if not whole or knows(reader, whole[0]) or whole[0].term in state.explained:
            return None
        state.explained.add(whole[0].term)
        return whole[0].plain

    return place_glosses("".join(out), glosses, state, edits, dropped, naming=name_code and explain, glossed=glossed)


# A word used at least ten times per million words ("error", "machine"; not "GPU", "stale", "queue"): every
# reader knows it, so plain words that only trade it for a synonym explain nothing.
_COMMON = 1e-5


def _says_nothing_new(m: GlossaryMatch) -> bool:
    """Whether a bracket with the plain words would only restate the term ("error rates: failure rate"): they
    keep a word of it and trade the rest, everyday words a reader already knows, for a synonym or two. Swapping
    such plain words in is fine; explaining the term with them is not."""
    term, plain = content_words(m.text), content_words(m.entry.plain)
    kept, traded = term & plain, term - plain
    # one word for one ("error rates": "failure rate"); "load test": "heavy-traffic test" says what the load is
    return bool(kept) and len(plain - term) <= len(traded) and all(frequency(w) >= _COMMON for w in traded)


def _doubles(text: str, m: GlossaryMatch, written: str) -> bool:
    """Whether swapping would double a word with its neighbour ("training training settings"), the one before it
    as already rewritten ("VM node" → "virtual server server")."""
    words = re.split(r"[\s-]+", m.entry.plain.lower())
    before = re.search(r"([A-Za-z]+)\W*$", written)
    after = re.match(r"\W*([A-Za-z]+)", text[m.end : m.end + 30])
    return bool(words) and (
        (before is not None and before.group(1).lower() == words[0])
        or (after is not None and after.group(1).lower() == words[-1])
    )


def _phrase_end(
    text: str, m: GlossaryMatch, version_end: dict[int, int], protected: Protected, facts: list[tuple[int, int]]
) -> int:
    """Where the noun phrase a term starts ends: after its version ("Postgres 16"), and after up to three
    content words that follow it ("the failover runbook"), stopping at punctuation and function words."""
    end = m.end
    if (possessive := re.match(r"['’]s\b", text[end:])) is not None:
        end += possessive.end()  # "the API's limits": the phrase goes on after the possessive
    gap = re.match(r"\s?v?", text[end:])
    end = version_end.get(end + (gap.end() if gap else 0), end)
    for _ in range(_MAX_MODIFIED):
        nxt = _CONTENT_WORD.match(text, end)
        if nxt is None or protected.touches(nxt.start(1), nxt.end(1)):
            break
        word = nxt.group(1)
        if word.lower() in _FOLLOWERS or word.endswith(("ed", "ly", "ing")):
            break
        end = nxt.end()
    number = re.match(r"[ \t]+v?\d[\w.,-]*\d\b|[ \t]+v?\d\b", text[end:])
    if number and end > m.end and re.search(r"(?i)(?:versions?|releases?)$", text[:end]):
        end += number.end()  # "Kubernetes versions 1.17": the bracket goes after the number it names
    for start, stop in facts:
        if start < end < stop or (end == m.end and start in (end, end + 1) and stop > end):
            end = stop  # never between a number and its unit ("90 | seconds"), nor a name and its figure ("HTTP 502s")
    return end


def _bracket_depths(text: str) -> list[int]:
    """For each position, how many brackets are open there (a term inside the writer's brackets stays as is)."""
    depth, depths = 0, []
    for ch in text:
        if ch == ")" and depth:
            depth -= 1
        depths.append(depth)
        if ch == "(":
            depth += 1
    depths.append(depth)
    return depths


_FACTS_CACHE: dict[str, bool] = {}


def _carries_facts(words: str) -> bool:
    if words not in _FACTS_CACHE:
        _FACTS_CACHE[words] = bool(extract_facts(words))
    return _FACTS_CACHE[words]


def _reason(m: GlossaryMatch, reader: Reader, action: str) -> str:
    return f"'{m.text}' is {m.entry.category} jargon {reader.reader} may not know; {action}."


def _match_case(m: GlossaryMatch, text: str) -> str:
    plain = m.entry.plain
    before = text[max(0, m.start - 3) : m.start]
    starts = m.start == 0 or re.search(r"[.!?]\s*$", before) is not None
    starts = starts or ("\n" in before and m.text[:1].isupper())
    if starts and plain[:1].islower() and not plain[1:2].isupper():
        return plain[:1].upper() + plain[1:]
    return plain


# Plain words that open with a noun needing "the" where the term needed none ("improved precision to 0.82" →
# "improved the share of flagged cases that are real to 0.82").
_NEEDS_THE = re.compile(r"^(?:share|number|rate|percentage|proportion|amount|fraction|ratio|count|time it takes)\b")
# A determiner right before the term, or before a modifier or two of it ("The global batch size" is "The global
# number of examples…", never "The global the number…").
_DETERMINED = re.compile(
    r"\b(?:the|a|an|this|that|these|those|our|your|their|its|his|her|my|each|every|any|some|no|of)\s+"
    r"(?:[\w'’-]+\s+){0,2}$|[\d%]\s*$",
    re.I,
)


def _with_article(plain: str, before: str) -> str:
    if _NEEDS_THE.match(plain) and not _DETERMINED.search(before) and before.strip():
        return "the " + plain
    return plain


def _fix_article(before: str, word: str) -> str:
    """Keep 'a'/'an' right before a substituted word in agreement with it."""
    art = re.search(r"\b(a|an|A|An)\s+$", before)
    if not art:
        return before
    vowel = word[:1].lower() in "aeiou"
    new = ("an" if vowel else "a") if art.group(1).islower() else ("An" if vowel else "A")
    return before[: art.start(1)] + new + before[art.end(1) :]
