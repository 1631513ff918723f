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
- what the text is about is not explained to its reader ("Acme" in Acme's own incident report: `subjects`), nor a
  common word inside a longer Title Case name ("the Acme Fine-Tune Challenge"), nor a term whose plain words only
  restate it ("error rates: failure rate");
- a note after a sentence stays small next to it (`_fit_note`), and a code name is said to be what it is (a
  setting, an error type, a tool, a library, a name in the code) or nothing is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.analysis.facts import extract_facts
from coach.analysis.jargon import GlossaryMatch, JargonIndex, is_explained, knows, outermost
from coach.analysis.rare import frequency
from coach.features.translate.protect import Protected
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
    for piece in _SENTENCE_PIECE.finditer(text):
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
        if m.entry.term not in about and not _part_of_name(text, m)
        if not knows(reader, m.entry)
        and not protected.touches(m.start, m.end)
        and not brackets[m.start]
        and not is_explained(text, m.start, m.end)
        and not _carries_facts(m.entry.plain)
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
            and (phrase_end == m.end or _short_modifier(m.entry.plain))
            and not holds_fact
            and not (negated and _NEGATIVE_PLAIN.search(m.entry.plain))
            and not _doubles(text, m, "".join(out[-3:])[-30:])
            # the head of a phrase another term modifies ("failover runbook"): a long swap would bury the modifier
            and not (pending and m.start < group_end and not _short_modifier(m.entry.plain))
            and not _breaks_verb_phrase(text, m, m.entry.plain)
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
                out.append(text[cursor:close] + "; " + "; ".join(f"{_label(t)}: {t.entry.plain}" for t in pending))
                cursor = close
            elif not text[group_end : group_end + 2].lstrip().startswith("("):
                out.append(f"\x00{len(glosses)}\x00")  # placed once the whole sentence is known
                glosses.append((list(pending), _bracket(pending, group_end, text)))
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
        return _MARKER.sub(lambda k: glosses[int(k.group(1))][1], "".join(out))
    return _place_glosses("".join(out), glosses, state, edits, dropped, naming=name_code and explain)


# The first sentence (or heading) of a text: what it is about is usually its subject.
_FIRST = re.compile(r"[^\n]*?[A-Za-z][^\n]*?(?:[.!?](?=\s|$)|$)", re.MULTILINE)
_TITLE_WORD = r"[A-Z][a-z][\w-]*"
_OWN_THING = r"(?:services?|network|platform|team|app|apps|product|products|API|website|site|status page)"
_SUBJECT_VERB = (
    r"(?:experienced|was|were|is|are|had|has|have|saw|suffered|went|became|failed|stopped|returned|"
    r"now|will|can|adds|added|supports|introduces|introduced|fixes|fixed)"
)
_INCIDENT_NOUN = r"(?:delays?|outages?|errors?|degradation|disruptions?|incidents?|failures?|downtime|latency)"


def subjects(document: str, index: JargonIndex) -> frozenset[str]:
    """Glossary names a text is about: its reader knows them ("Acme" in Acme's own report, "Webhooks" in
    a Webhooks incident), so a gloss would only tell them what they know.

    A name is the subject when it is used as a name twice or more; when it is the subject of the first sentence or
    heading ("the Acme Chat service experienced…", "delays in Acme Builds runs…"); when the writer says
    "X's own"; or when it is the maker's part of a longer name whose rest the text uses alone ("Acme
    Workspaces … Workspaces in other regions")."""
    counts: dict[str, int] = {}
    found: set[str] = set()
    first = _FIRST.search(document)
    first_start, first_end = (first.start(), first.end()) if first else (0, 0)
    for m in outermost(index.matches(document)):
        if not _as_name(document, m):
            continue
        term = m.entry.term
        counts[term] = counts.get(term, 0) + 1
        after = document[m.end : m.end + 80]
        before = document[max(0, m.start - 40) : m.start]
        if m.start < first_end and (
            (
                _OPENS_CLAUSE.fullmatch(document[first_start : m.start]) is not None
                and re.match(rf"(?:['’]s)?(?:\s+{_TITLE_WORD}){{0,2}}(?:\s+{_OWN_THING})?\s+{_SUBJECT_VERB}\b", after)
            )
            or re.search(rf"\b{_INCIDENT_NOUN}\s+(?:in|of|to|for|with|on)\s+(?:the\s+)?(?:{_TITLE_WORD}\s+)?$", before)
        ):
            found.add(term)
        if re.match(r"['’]s\s+own\b", after):
            found.add(term)
        rest = re.match(rf"\s+({_TITLE_WORD})\b", after)
        if rest is not None and _alone_elsewhere(document, rest.group(1), m.start):
            found.add(term)
    # A name used again and again is what the text is about; twice is enough in a text the writer's organisation
    # tells in the first person ("our network … Acme services … the Acme network"), where a name the writer
    # merely uses ("the embedded Redis cache … Redis") also recurs.
    repeats = 2 if _FIRST_PERSON.search(document) else 3
    return frozenset(found | {t for t, n in counts.items() if n >= repeats})


# What may come before the subject of a sentence: time and place phrases set off by commas, then "the"/"our" and
# the name's other words ("On May 2, between 09:00 and 10:10 UTC, the Acme Chat service …"); not a
# preposition ("The nightly load into X failed"), nor another clause ("…; the X job was slow").
_OPENS_CLAUSE = re.compile(
    r"\s*(?:[^;:\n]*,\s+|(?:On|At|In|During|Between|From|Since|Today|Yesterday)\b[^;:,\n]*?\s+)?"
    rf"(?:(?:[Tt]he|[Oo]ur)\s+)?(?:{_TITLE_WORD}\s+){{0,2}}"
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)


def _as_name(text: str, m: GlossaryMatch) -> bool:
    """Whether a term is written as a name: capitalised ("Webhooks", "Acme") where a sentence does not begin,
    or listed capitalised in the glossary; acronyms ("API") are jargon however often they recur."""
    if not m.text[:1].isupper() or m.text.isupper():
        return False
    return m.entry.term[:1].isupper() or not _sentence_start(text, m.start)


def _sentence_start(text: str, start: int) -> bool:
    if not text[:start].strip():
        return True
    return _OPENS.search(text[max(0, start - 12) : start]) is not None


# What comes right before the first word of a sentence, a list item or a heading.
_OPENS = re.compile(r"(?:[.!?:][\"')\]”’*]*\s+|\n[ \t]*(?:[-*•+]|\d{1,3}[.)]|#{1,6})?[ \t]*[*_]{0,2})$")


def _alone_elsewhere(document: str, word: str, maker_at: int) -> bool:
    """Whether `word` occurs in `document` somewhere not right after the name at `maker_at`."""
    for other in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", document):
        if not re.search(r"[A-Z][\w-]*\s+$", document[max(0, other.start() - 30) : other.start()]):
            return True
    return False


def _part_of_name(text: str, m: GlossaryMatch) -> bool:
    """Whether a common word of the glossary is written here inside a longer Title Case name, before the name's
    last word ("the Acme Fine-Tune Challenge", "Copilot Chat"): the name means itself, so neither a swap nor a
    gloss of the part fits. The last word says what kind of thing the name is ("the Acme Runtime"): its gloss
    still helps."""
    if m.entry.term[:1].isupper() or not _as_name(text, m):
        return False
    return re.match(rf"[ \t]+{_TITLE_WORD}\b", text[m.end : m.end + 40]) is not None


_MARKER = re.compile(r"\x00(\d+)\x00")
# A sentence ends at . ! ? before white space; a line break ends one only before a blank line, a list item or a
# heading (a hard-wrapped sentence goes on over its line breaks).
_SENTENCE_PIECE = re.compile(
    r"[\s\S]*?(?:[.!?]+[\"')\]”’]*(?=\s|$)|\n(?=[ \t]*\n|[ \t]*(?:[-*•+]|\d{1,3}[.)]|#{1,6})[ \t])|$)"
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
    entries = [(f"{_label(t)}: {t.entry.plain}", t) for t in terms] + [(n, None) for n in names]
    budget = max(NOTE_FLOOR, NOTE_SHARE * sentence_words)

    def need(i: int) -> tuple[int, float, int]:
        text, term = entries[i]
        if term is None:
            return (1, 0.0, len(text.split()))  # a code name's kind helps less than a term's meaning
        rarest = min(frequency(w) for w in _content_words(term.text) or {""})
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


def _place_glosses(
    text: str,
    glosses: list[tuple[list[GlossaryMatch], str]],
    state: TermState,
    edits: list[Edit],
    dropped: list[GlossaryMatch],
    *,
    naming: bool,
) -> str:
    """Put each explanation where it reads best: one short one in brackets right where it belongs; two or more in a
    sentence (or a long one) together in a bracketed note after the sentence, so the sentence itself stays short
    ("… tweaks the nginx and concurrency settings. (nginx: web server; concurrency: …)")."""
    if not glosses and not naming:
        return text
    out: list[str] = []
    for m in _SENTENCE_PIECE.finditer(text):
        piece = m.group()
        found = [glosses[int(k)] for k in _MARKER.findall(piece)]
        names = _code_names(_MARKER.sub("", piece), state) if naming else []
        if not found and not names:
            out.append(piece)
            continue
        terms = [t for group, _ in found for t in group]
        # One term, explained right after it (not after a longer phrase): a short bracket in place reads best.
        in_place = len(found) == 1 and len(terms) == 1 and not found[0][1].startswith(f" ({_label(terms[0])}:")
        if not names and in_place and len(terms[0].entry.plain.split()) <= INLINE_WORDS:
            marker = _MARKER.search(piece)
            assert marker is not None
            out.append(piece.replace(marker.group(), found[0][1]))
            continue
        body = _MARKER.sub("", piece)
        stripped = body.rstrip()
        entries = _fit_note(terms, names, len(body.split()), state, edits, dropped)
        # One short statement per term, so the note reads as a list of definitions, not one long aside.
        note = "(" + ". ".join(entries) + ")"
        if stripped.endswith((".", "!", "?")):
            out.append(f"{stripped} {note}.{body[len(stripped) :]}")
        else:  # a list item or a heading-like line: close it first, so the note does not run on from it
            end = "." if stripped[-1:].isalnum() or stripped[-1:] in "`)%" else ""
            out.append(f"{stripped}{end} {note}{body[len(stripped) :]}")
    return "".join(out)


_KINDS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # Links and e-mails explain themselves ("name@1.2.0" is a package at a version, not an address).
    (re.compile(r"^(?:https?|ftp|ssh|git|s3|gs)://|^www\.|^<|^\]\(|@(?!v?\d)"), "", ""),
    (re.compile(r"^```|^(?: {4}|\t)|^(?:\$|>>>|#!) "), "", ""),  # whole code blocks are moved, not named
    (re.compile(r"^(?:~|\.{1,2})?/"), "a file path", "file paths"),
    # A flag is a setting the person running a command chooses ("`-w, --workers`"), not a name in the code.
    (re.compile(r"^--?[A-Za-z]"), "a command-line setting", "command-line settings"),
    (
        re.compile(r"^[\w-]+(?:\.[\w-]+)+\.(?:com|org|net|io|dev|ai|co|cloud|internal|local|app)$"),
        "a server name",
        "server names",
    ),
    # "RequestAbortedException", "E_QUOTA_ERROR": what a reader needs is that it names a kind of error.
    (re.compile(r"(?:Exception|Error|_ERROR|_EXCEPTION)$"), "an error type", "error types"),
    # A symbol (":max_idle"), a key=value pair or a SCREAMING_CASE constant is almost always an option or an
    # environment setting in a changelog, rarely anything else.
    (re.compile(r"^:[a-z_]\w*$|^[\w.-]+=|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$"), "a setting", "settings"),
    (re.compile(r"."), "a name in the code", "names in the code"),
)
# Words by which the writer already says what kind of thing a name is ("the `-shuffle` flag", "`X` command"): a note
# would repeat it, or contradict it.
_KIND_WORD = (
    r"(?:flags?|options?|parameters?|params?|arguments?|args?|settings?|commands?|functions?|methods?|"
    r"class(?:es)?|fields?|propert(?:y|ies)|variables?|endpoints?|librar(?:y|ies)|packages?|modules?|crates?|"
    r"gems?|tools?|utilit(?:y|ies)|scripts?|files?|tables?|columns?|types?|keys?|branch(?:es)?|tags?|"
    r"exceptions?|errors?|events?|headers?|hooks?|jobs?|buttons?|pages?|tabs?|labels?|metrics?)"
)
_KIND_BEFORE = re.compile(rf"\b(?:the|a|an|new|its|our|this|with|via)\s+{_KIND_WORD}\s*$", re.I)
_KIND_AFTER = re.compile(rf"^[ \t]+{_KIND_WORD}\b", re.I)
# A name followed by its version ("fooctl 2.4", "`widgetlib@3.1.0`") is a piece of software, not a name inside one.
_VERSIONED = re.compile(r"^[ \t]*v?\d+(?:\.\d+)+\b|^[ \t]*v\d+\b")
_VERSION_INSIDE = re.compile(r"@v?\d|[ \t]v?\d+\.\d+")
# A sentence about what the code depends on names libraries ("dropped `tinycache`, added `fast_lru`").
_DEPENDENCIES = re.compile(r"\b(?:dependenc(?:y|ies)|librar(?:y|ies)|packages?|crates?|gems?|bump(?:s|ed)?)\b", re.I)
_LIBRARY_SHAPED = re.compile(r"^[a-z][a-z0-9_-]*$")
# What makes a quoted or bare token a name in the code: an underscore, a call, a path or module separator, a case
# change inside a word, a flag, or a host/file shape. Quoted durations, numbers and labels have none of these.
_CODE_SHAPED = re.compile(r"_|\(\)|::|\w\.\w|[a-z][A-Z]|^`?--?[A-Za-z]|^`?[~./]|/|^`[a-z][a-z0-9]*`$")
# Unmistakable code, quoted or not: a call, a module path, a path. A bare camelCase or snake_case word without
# these ("pg_restorex", "fooCtl") is as often a tool, a product or a setting as a name in the code.
_SURELY_CODE = re.compile(r"\(|::|/|\w\.\w")


def _kind(span: str, sentence: str, start: int, end: int) -> tuple[str, str]:
    """What kind of thing a protected span names, as (singular, plural); ("", "") to say nothing."""
    quoted = span.startswith("`") and span.endswith("`") and len(span) > 2
    bare = span.strip("`")
    if _KIND_BEFORE.search(sentence[max(0, start - 30) : start]) or _KIND_AFTER.match(sentence[end : end + 30]):
        return "", ""  # "the `-shuffle` flag": the writer said it
    singular, plural = next((one, many) for pattern, one, many in _KINDS if pattern.search(bare))
    if singular != "a name in the code":
        return singular, plural
    if _VERSIONED.match(sentence[end : end + 20]) or _VERSION_INSIDE.search(bare):
        return "a software tool", "software tools"
    if _DEPENDENCIES.search(sentence) and _LIBRARY_SHAPED.match(bare):
        return "a code library", "code libraries"
    if not quoted and not _SURELY_CODE.search(bare):
        return "", ""  # the writer did not mark it as code, and nothing says what it is: say nothing
    return singular, plural


def _code_names(sentence: str, state: TermState) -> list[str]:
    """Note entries for the code names, paths and hosts a sentence mentions first ("`A`, `B`: names in the code")."""
    by_kind: dict[tuple[str, str], list[str]] = {}
    for start, end in Protected(sentence).spans:
        span = sentence[start:end]
        if span in state.named or sentence[end : end + 2] == " (" or not _CODE_SHAPED.search(span):
            continue  # "`10 ms`" or "`List Issues`" is a quoted value or label, not a name in the code
        singular, plural = _kind(span, sentence, start, end)
        if not singular:
            continue
        state.named.add(span)
        by_kind.setdefault((singular, plural), []).append(span)
    return [f"{', '.join(spans)}: {one if len(spans) == 1 else many}" for (one, many), spans in by_kind.items()]


_CLAUSE_LIKE = re.compile(r"\b(?:\w+ing|that|which|who|to|for|of|in|on|at|by|behind|too|with|from|after|before)\b")


# A word used at least ten times per million words ("error", "machine"; not "GPU", "stale", "queue"): every
# reader knows it, so plain words that only trade it for a synonym explain nothing.
_COMMON = 1e-5
_FUNCTION_WORDS = frozenset("a an the of to in on at for by with from and or its their it is are be".split())


def _content_words(words: str) -> set[str]:
    return {w.lower().removesuffix("s") for w in re.findall(r"[A-Za-z]+", words)} - _FUNCTION_WORDS


def _says_nothing_new(m: GlossaryMatch) -> bool:
    """Whether a bracket with the plain words would only restate the term ("error rates: failure rate"): they
    keep a word of it and trade the rest, everyday words a reader already knows, for a synonym or two. Swapping
    such plain words in is fine; explaining the term with them is not."""
    term, plain = _content_words(m.text), _content_words(m.entry.plain)
    kept, traded = term & plain, term - plain
    return bool(kept) and len(plain - term) <= 2 and all(frequency(w) >= _COMMON for w in traded)


_OBJECT_START = re.compile(r"\s+(?:the|a|an|our|their|its|this|these|those|all|every|each|any|your|my|his|her)\b", re.I)


def _breaks_verb_phrase(text: str, m: GlossaryMatch, plain: str) -> bool:
    """Whether swapping in `plain` would break the verb phrase around the term: "we deprecated the v1 endpoint" →
    "we marked for removal the v1 endpoint" (a phrase of several words cannot take the term's object after it), or
    "marked as deprecated" → "marked as marked for removal" (the plain words repeat the words just before)."""
    words = plain.split()
    if len(words) > 1 and m.text.lower().endswith("ed") and _OBJECT_START.match(text, m.end):
        return True
    before = {w.lower() for w in re.findall(r"[A-Za-z]+", text[max(0, m.start - 30) : m.start])[-3:]}
    return words[0].lower() in before


def _short_modifier(plain: str) -> bool:
    """Whether plain words can stand before a noun the way the term did: one or two words, no clause in them."""
    return len(plain.split()) <= 2 and not _CLAUSE_LIKE.search(plain)


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


def _bracket(pending: list[GlossaryMatch], end: int, text: str) -> str:
    first = pending[0]
    if len(pending) == 1 and first.end >= end - _version_len(text, first.end, end):
        return f" ({first.entry.plain})"
    return " (" + "; ".join(f"{_label(m)}: {m.entry.plain}" for m in pending) + ")"


def _label(m: GlossaryMatch) -> str:
    """The term as a gloss names it: lower case unless it is a name ("Logical replication" opening a sentence is
    "logical replication" inside a bracket, where a capital would read as a new name)."""
    lower_rest = not any(c.isupper() or c.isdigit() for c in m.text[1:])  # "Day-7" keeps its figure as written
    if m.entry.term[:1].islower() and m.text[:1].isupper() and lower_rest:
        return " ".join((m.text[:1].lower() + m.text[1:]).split())
    return " ".join(m.text.split())  # a term wrapped over a line break is named on one line


def _version_len(text: str, start: int, end: int) -> int:
    between = text[start:end]
    return len(between) if re.fullmatch(r"\s?v?[\d.]+", between) else 0


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
_DETERMINED = re.compile(
    r"\b(?:the|a|an|this|that|these|those|our|your|their|its|his|her|my|each|every|any|some|no|of)\s+$|[\d%]\s*$",
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
