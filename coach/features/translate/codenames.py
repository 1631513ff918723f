"""What kind of thing a code name, path or host is, said in a note so a reader knows they can skip it ("`FindMissing`:
a name in the code"): a setting, an error type, a tool, a library, a name in the code, or nothing when nothing says
what it is."""

from __future__ import annotations

import re
from collections.abc import Callable

from coach.features.translate.protect import Protected

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


def code_names(sentence: str, named: set[str], glossed: Callable[[str], str | None] = lambda _: None) -> list[str]:
    """Note entries for the code names, paths and hosts a sentence mentions first ("`A`, `B`: names in the code").
    A name the glossary knows as a whole (`glossed`: "node.js", "`kubectl`") gets its plain words instead: it is a
    tool or a product the reader may meet again, not a name inside the code."""
    by_kind: dict[tuple[str, str], list[str]] = {}
    own: list[str] = []
    for start, end in Protected(sentence).spans:
        span = sentence[start:end]
        if span in named or sentence[end : end + 2] == " (" or not _CODE_SHAPED.search(span):
            continue  # "`10 ms`" or "`List Issues`" is a quoted value or label, not a name in the code
        if (plain := glossed(span.strip("`"))) is not None:
            named.add(span)
            own.append(f"{span}: {plain}")
            continue
        singular, plural = _kind(span, sentence, start, end)
        if not singular:
            continue
        named.add(span)
        by_kind.setdefault((singular, plural), []).append(span)
    return own + [f"{', '.join(spans)}: {one if len(spans) == 1 else many}" for (one, many), spans in by_kind.items()]
