"""The first step of every flow: turn what the user pasted into clean text, or say clearly why not."""

from __future__ import annotations

import re
import unicodedata

from coach.errors import InputError

# C0/C1 control characters except tab and newline; they are never meant as text and confuse models and terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# More than this share of control characters means the input was binary, not text with a few stray bytes.
_BINARY_SHARE = 0.10
_SURROGATE = re.compile(r"[\ud800-\udfff]")
BINARY_MESSAGE = "The input looks like a binary file, not text; paste or pipe plain text."


def fix_surrogates(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, and UTF-16 surrogate pairs joined into their character.

    Lone surrogates come from bytes that were not UTF-8 (Python decodes argv with surrogateescape) or from
    JSON written by UTF-16 tools; they cannot be encoded, so a database, a model request or `json.dumps`
    would fail on them long after the input was accepted.
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def looks_binary(text: str) -> bool:
    """True when more than a tenth of `text` is NUL characters: a binary file, not text with a stray byte."""
    return "\x00" in text and text.count("\x00") > len(text) * _BINARY_SHARE


def clean_text(text: str, *, limit: int, what: str = "translate") -> str:
    """Normalise line endings and Unicode, drop control characters, and enforce non-empty and the size limit.

    Lone surrogates become U+FFFD, so the result can always be encoded (stored, sent, dumped as JSON).
    Raises InputError with a message fit for the user: "Nothing to translate", or one that names the limit.
    """
    if looks_binary(text):
        raise InputError(BINARY_MESSAGE)
    text = unicodedata.normalize("NFC", fix_surrogates(text).replace("\r\n", "\n").replace("\r", "\n"))
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) * _BINARY_SHARE):
        raise InputError(BINARY_MESSAGE)
    text = _CONTROL.sub("", text).strip()
    if not text:
        raise InputError(f"Nothing to {what}: the input is empty.")
    if len(text) > limit:
        raise InputError(
            f"The input is {len(text):,} characters; the limit is {limit:,} (COACH_MAX_INPUT_CHARS). "
            "Split it, or raise the limit."
        )
    return text
