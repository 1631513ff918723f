"""What a text is about, and names: its reader knows them, so a gloss would only tell them what they know.

`subjects` finds the glossary names a document is about ("Acme" in Acme's own incident report); `part_of_name` a
common word of the glossary written inside a longer Title Case name ("the Acme Fine-Tune Challenge").
"""

from __future__ import annotations

import re

from coach.analysis.jargon_index import GlossaryMatch, JargonIndex
from coach.analysis.spans import outermost

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


def part_of_name(text: str, m: GlossaryMatch) -> bool:
    """Whether a common word of the glossary is written here inside a longer Title Case name, before the name's
    last word ("the Acme Fine-Tune Challenge", "Copilot Chat"): the name means itself, so neither a swap nor a
    gloss of the part fits. The last word says what kind of thing the name is ("the Acme Runtime"): its gloss
    still helps."""
    if m.entry.term[:1].isupper() or not _as_name(text, m):
        return False
    return re.match(rf"[ \t]+{_TITLE_WORD}\b", text[m.end : m.end + 40]) is not None
