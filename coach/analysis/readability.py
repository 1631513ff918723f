"""Reading grade (Flesch-Kincaid), computed offline with a heuristic syllable counter.

Code is not prose, so it does not count: fenced and backticked code, URLs, e-mail addresses and identifiers
(`user_id`, `load()`, `foo.bar`, `std::vector`, `getUser`, `PostgreSQL`) are removed before counting. What
remains is scored as follows, and why:
- An ALL-CAPS acronym (API, SLA) is one word of one syllable. Spelling it out letter by letter ("ay-pee-eye")
  would push the grade up for the wrong reason; whether a reader knows the acronym is the jargon check's job.
- A number (800, 1.5, 10%, 800ms) is one word of one syllable: digits are read at a glance, and counting
  "eight hundred milliseconds" would punish exactly the concrete figures a good summary should keep.
- Sentences end at . ! ? followed by a space, and at every line break, so each bullet is its own sentence. A
  line break inside a hard-wrapped sentence is not an end: when the line goes on in lower case after a line with
  no stop ("database functions were\nsubject to…"), or after a word no sentence ends on ("…used as a\n`kind`"),
  it is one sentence. Counted as two, a text wrapped at 72 or 80 columns would read two grades easier than it is,
  and a rewrite that joins its lines would look harder than the original for no reason.
- A Markdown heading ("### Fixed", "## v1.2.0"), a bold line or a short label line ("BUG FIXES:") is a label,
  not a sentence: counted, its one or two words would make a changelog look easier than its items are, and a
  rewrite that drops the labels look harder.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# Linear time: the regex engine tries these at every character a plain word does not take, so none of them may
# read far ahead before failing. Each reads at most a bounded stretch ahead: an e-mail's local part is at most
# 64 characters (RFC 5321), and the mark of an identifier (`_`, `()`, `::`, `a.b`, `aB`) must come within 64
# characters of its start (a longer name is matched from a later character, which changes nothing in the count).
_CODE = (
    r"(?P<code>```.*?(?:```|\Z)"  # fenced block
    r"|`[^`\n]*`"  # inline code
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+"  # URL
    r"|[\w.+-]{1,64}+@[\w-]++\.[\w.-]+"  # e-mail address
    # identifiers: snake_case, calls, dotted paths, C++/Rust paths, camelCase and CamelCase
    r"|[\w.:]{0,64}(?:_|\(\)|::|[a-z0-9]\.[A-Za-z_]|[a-z][A-Z])[\w.:()]*)"
)
# Speed: the code patterns above would be tried at every character. This alternative, tried first, takes a
# whole run of plain words and punctuation in one step; it never takes part of a code token, because a word
# followed by `_ . : ( @ /` or with a lower-to-upper case change inside is not plain. A word is at most 64
# characters ("1,000,000" is nine): a failed word is read again from each of its commas and hyphens, so an
# unbounded one would cost time in the square of its length.
_PLAIN = r"(?:[^\w`:/@]+|(?>[A-Za-z0-9$€£](?:[a-z0-9'’%,-]|(?<![a-z])[A-Z]){0,63}(?:[.!?;:]+(?=\s|$))?)(?![\w.:(@/]))+"
_CODE_OR_PLAIN = re.compile(rf"(?P<plain>{_PLAIN})|{_CODE}", re.DOTALL)
# A run of stops is one break, tried once from its first character (linear time on "......x").
_SENTENCE_BREAK = re.compile(r"(?<![.!?])[.!?]++(?=\s|$)|\n")
# The line break inside a hard-wrapped sentence (see the module's docstring): each line break is matched once, from
# the first blank of a run (linear time), and the few characters around it decide; a list item or a numbered line
# always starts afresh.
_LINE_BREAK = re.compile(r"(?<![ \t])[ \t]*\n[ \t]*(?=\S)")
_NO_STOP_BEFORE = re.compile(r"[^\s.!?:;]$")
_WORD_NO_SENTENCE_ENDS_ON = re.compile(r"\b(?:the|and|for|with|from|an|of|to|in|on|or|by|as|at|a)$")
_STARTS_AFRESH = re.compile(r"[-*+][ \t]|\d{1,3}[.)][ \t]")
_HAS_WORD = re.compile(r"[A-Za-z0-9]")
_HEADING = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t][^\n]*|[A-Z][\w-]*(?:[ \t]+[\w-]+){0,3}:|\*\*[^*\n]{1,60}\*\*:?)[ \t]*$", re.MULTILINE
)
# Acronyms (API, SLAs) and numbers ($4,000, 800ms, 10%): one word of one syllable each. Each branch opens with
# a character class, so the regex engine skips every other character without trying the branch.
_ONE_SYLLABLE = re.compile(
    r"[A-Z](?<![\w][A-Z])[A-Z]+s?(?![\w])"
    r"|(?:[$£€¥](?<![\w.][$£€¥])[0-9]|[0-9](?<![\w.$£€¥][0-9]))[0-9,.]*\w*%?"
)
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# A silent ending: "-e" (made), "-es" and "-ed" when they add no vowel sound (makes, used). Not "-le" after a
# consonant (table), "-ted"/"-ded" (wanted), or "-es" after a sibilant (boxes, fixes).
_SILENT_END = re.compile(r"(?:[^laeiouy]e|[^aeiouysxzcgh]es|[^aeiouytd]ed)$")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=65536)
def _syllables(word: str) -> int:
    """Syllables in a lower-case word, by counting vowel groups after dropping silent endings."""
    if len(word) <= 3:
        return 1
    stem = word
    if _SILENT_END.search(word):
        stem = word[:-1] if word.endswith("e") else word[:-2]
    if stem.startswith("y"):
        stem = stem[1:]  # a leading y is a consonant: yes, year
    return max(1, len(_VOWEL_GROUP.findall(stem)))


def unwrap(text: str) -> str:
    """`text` with each hard-wrapped sentence on one line; list items, numbered lines and new sentences keep theirs."""

    def join(m: re.Match[str]) -> str:
        before, after = text[max(0, m.start() - 5) : m.start()], m.end()
        if _STARTS_AFRESH.match(text, after):
            return m.group()
        if (_NO_STOP_BEFORE.search(before) and text[after].islower()) or _WORD_NO_SENTENCE_ENDS_ON.search(before):
            return " "
        return m.group()

    return _LINE_BREAK.sub(join, text)


def _keep_plain(m: re.Match[str]) -> str:
    return m["plain"] or " "


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of `text`, rounded to one decimal, never below 0.0; 0.0 when it has no words."""
    prose = _CODE_OR_PLAIN.sub(_keep_plain, unwrap(_HEADING.sub("", text)))
    sentences = sum(1 for part in _SENTENCE_BREAK.split(prose) if _HAS_WORD.search(part))
    prose, short = _ONE_SYLLABLE.subn(" ", prose)
    counts = Counter(_WORD.findall(prose.lower()))
    words = short + sum(counts.values())
    if words == 0:
        return 0.0
    syllables = short + sum(_syllables(w) * n for w, n in counts.items())
    score = 0.39 * words / max(1, sentences) + 11.8 * syllables / words - 15.59
    return round(max(0.0, score), 1)  # very short, plain sentences score below zero; no reader is below grade 0
