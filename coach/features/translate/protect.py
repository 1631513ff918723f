"""Stretches of a text the offline engine never edits: code, commands, identifiers, URLs, paths, hosts, links.

A reader cannot copy a command that was "explained" into another command, and the writer meant every byte of
it; so glossary edits, shortening and sentence splitting all skip these spans (they may still be moved whole).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_PROTECTED = re.compile(
    r"```[\s\S]*?(?:```|\Z)"  # fenced code block
    r"|`[^`\n]{1,200}`"  # inline code
    r"|\]\([^()\s]{1,500}\)"  # a markdown link's target
    r"|<[^<>\s]{1,300}>"  # an autolink or an HTML-ish tag
    r"|\b(?:https?|ftp|ssh|git|s3|gs)://[^\s)\]>\"']{1,500}"  # URL
    r"|\bwww\.[^\s)\]>\"']{1,300}"
    r"|\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"  # e-mail
    r"|(?<![\w/])(?:~|\.{1,2})?(?:/[\w.@-]{1,100}){2,20}/?(?<!\.)"  # path, two or more parts; not a full stop after it
    r"|\b[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\.(?:com|org|net|io|dev|ai|co|cloud|internal|local|app)\b"  # host name
    r"|\b\w{1,60}\.(?:py|js|ts|tsx|go|rs|java|rb|yaml|yml|json|toml|md|txt|sh|sql|cfg|ini|lock|csv)\b"  # file
    r"|(?<![\w-])--?[A-Za-z][\w-]{0,40}(?:=\S{1,100})?"  # command-line flag
    r"|\b[A-Za-z_]\w{0,60}\((?:[^()\s,]{1,40}(?:,\s?[^()\s,]{1,40}){0,8})?\)"  # a call: name(args), not prose
    r"|\b[a-z]\w{0,40}_\w{1,40}\b|\b[A-Z]\w{0,40}_\w{1,40}\b"  # snake_case / SCREAMING_CASE
    r"|\b[a-z]{1,30}[A-Z][A-Za-z0-9]{0,40}\b"  # camelCase
    # dotted.module.path; not an abbreviation of single letters ("w.r.t.", "a.k.a.", "U.S.A."), which is prose
    r"|\b(?![A-Za-z](?:\.[A-Za-z]){2,4}\b)[A-Za-z]\w{0,40}(?:\.[A-Za-z_]\w{0,40}){2,8}\b"
    r"|^(?:\$|>>>|#!) [^\n]*"  # a shell or REPL line
    r"|^(?: {4}|\t)[^\n]*",  # an indented code line
    re.MULTILINE,
)


class Protected:
    """The protected spans of one text, for quick "does this edit touch one?" questions."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = _spans(text)
        self._starts = [s for s, _ in self.spans]

    def touches(self, start: int, end: int) -> bool:
        """Whether text[start:end] overlaps a protected span."""
        i = bisect.bisect_right(self._starts, end - 1) - 1  # the last span starting before `end`
        return i >= 0 and self.spans[i][1] > start

    def covers(self, start: int, end: int) -> bool:
        """Whether one protected span holds all of text[start:end]."""
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self.spans[i][1] >= end


@lru_cache(maxsize=256)
def _spans_cached(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _PROTECTED.finditer(text))


def _spans(text: str) -> list[tuple[int, int]]:
    # The same sentence is asked about several times in one rewrite (planning, plain words, shortening, tidying).
    return list(_spans_cached(text)) if len(text) <= 4000 else [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every stretch the offline engine must keep byte for byte."""
    return Protected(text).spans
