"""Where plain words may go in a sentence: the slot a glossary term sits in decides whether its plain words can
take its place (a noun for a noun, not a clause before a noun, not a verb phrase cut in two, not a metric's value
after "of") and whether a gloss may follow it at all (never in a heading or label, never between a verb and its
particle, never on a verb read as a plural noun)."""

from __future__ import annotations

import re

from coach.analysis.jargon_index import GlossaryMatch

# Words that make plain words a clause or give them a post-modifier ("task running behind the scenes").
CLAUSE_LIKE = re.compile(r"\b(?:\w+ing|that|which|who|to|for|of|in|on|at|by|behind|too|with|from|after|before)\b")


# What opens a verb's object: "deprecated the v1 endpoint".
_OBJECT_START = re.compile(r"\s+(?:the|a|an|our|their|its|this|these|those|all|every|each|any|your|my|his|her)\b", re.I)


# "It hosts many of our servers": a subject right before a word in -s makes it a verb, not a plural noun.
SINGULAR_SUBJECT = re.compile(r"\b(?:it|this|that|which|who|he|she)\s+$", re.IGNORECASE)
_HEADING_LINE = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
# What follows a title that has no # marks: a list, or a reStructuredText rule.
_UNDER_LABEL = re.compile(r"[ \t]*(?:[-*•+][ \t]|\d{1,3}[.)][ \t]|([=\-~^*#+`])\1{2,}[ \t]*$)", re.MULTILINE)


def label_line(text: str, at: int) -> bool:
    """Whether the line holding `at` is a heading: a Markdown one, or a short line with no closing stop right over a
    list or a rule ("CLI Changes" over its items)."""
    start = text.rfind("\n", 0, at) + 1
    if _HEADING_LINE.match(text, start):
        return True
    end = text.find("\n", at)
    if end < 0:
        return False
    line = text[start:end].strip()
    return (
        not _UNDER_LABEL.match(line)
        and len(line.split()) <= 8
        and not line.endswith((".", "!", "?", ":", ";", ","))
        and _UNDER_LABEL.match(text, end + 1) is not None
    )


def breaks_verb_phrase(text: str, m: GlossaryMatch, plain: str) -> bool:
    """Whether swapping in `plain` would break the verb phrase around the term: "we deprecated the v1 endpoint" →
    "we marked for removal the v1 endpoint" (a phrase of several words cannot take the term's object after it), or
    "marked as deprecated" → "marked as marked for removal" (the plain words repeat the words just before)."""
    words = plain.split()
    if len(words) > 1 and m.text.lower().endswith("ed") and _OBJECT_START.match(text, m.end):
        return True
    before = {w.lower() for w in re.findall(r"[A-Za-z]+", text[max(0, m.start - 30) : m.start])[-3:]}
    return words[0].lower() in before


def takes_its_own_of(text: str, m: GlossaryMatch, plain: str) -> bool:
    """Whether the term takes a value that plain words with a clause or an "of" of their own cannot take: "a recall of
    92%" → "a share of real cases the system catches of 92%"; "WER: 7.99" labels a value. ("the hit rate of the
    cache" takes the swap: "the share of requests answered from the fast copy of the cache".)"""
    return (
        CLAUSE_LIKE.search(plain) is not None
        and re.match(
            r"\s*(?:of(?:\s+(?:about|around|roughly|only|just|over|under))?|[:=])\s*[~<>≈]?[$€£]?\.?\d", text[m.end :]
        )
        is not None
    )


# Words before a term that do not modify it: determiners, prepositions, conjunctions, pronouns, auxiliaries.
_NOT_A_MODIFIER = frozenset(
    "a an the this that these those our your their its his her my each every any some no all both either of to in on "
    "at by for from with without into onto over under via per as than and or but nor so if when while because is are "
    "was were be been being has have had do does did can could will would shall should may might must not it they "
    "we you i he she which who what where how add adds use uses enable enables disable disables".split()
)


def premodified(text: str, m: GlossaryMatch, plain: str) -> bool:
    """Whether a word before the term modifies it ("gradient checkpointing") and the plain words could not take it:
    a phrase with a clause in it or of four words or more reads "gradient saving progress often during a long job";
    nor can an -ing phrase follow an -ing word ("using saving progress…")."""
    if len(plain.split()) < 3 or not (CLAUSE_LIKE.search(plain) or len(plain.split()) >= 4):
        return False  # "timing bug" takes a modifier as "race condition" did
    if re.search(r"`[ \t]+$", text[max(0, m.start - 3) : m.start]):
        return True  # "the `Proxy-Authorization` header": a name in code modifies it
    before = re.search(r"([A-Za-z][\w'’-]*)[ \t]+$", text[max(0, m.start - 40) : m.start])
    if before is None:
        return False
    word = before.group(1)
    if word.endswith("ing") and plain.split()[0].endswith("ing") and len(plain.split()) >= 4:
        return True  # "using saving progress…": two -ing words in a row read as a stutter
    return word.lower() not in _NOT_A_MODIFIER and not re.search(r"(?:ing|ed|ly)$", word) and not word[:1].isupper()


def short_modifier(plain: str) -> bool:
    """Whether plain words can stand before a noun the way the term did: one or two words, no clause in them."""
    return len(plain.split()) <= 2 and not CLAUSE_LIKE.search(plain)


# A verb's particle ("hung up", "rolled back", "timed out"), not a preposition with its object ("up to 3"); the
# verb's past form ends the term ("hung", "rolled", "brought").
PARTICLE = re.compile(r"[ \t]+(?:up|down|out|off|back|over)\b(?![ \t]+(?:(?:to|the|a|an|of)\b|\d))")
VERB_FORM = re.compile(r"(?:ed|ung|ang|ought|ept|ew|own)$", re.IGNORECASE)
