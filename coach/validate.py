"""The first step of every flow: turn what the user pasted into clean text, or say clearly why not."""

from __future__ import annotations

import re
import unicodedata

from coach.errors import InputError

# C0/C1 control characters except tab and newline; they are never meant as text and confuse models and terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# More than this share of control characters means the input was binary, not text with a few stray bytes.
_BINARY_SHARE = 0.10


def clean_text(text: str, *, limit: int, what: str = "translate") -> str:
    """Normalise line endings and Unicode, drop control characters, and enforce non-empty and the size limit.

    Raises InputError with a message fit for the user: "Nothing to translate", or one that names the limit.
    """
    if "\x00" in text and text.count("\x00") > len(text) * _BINARY_SHARE:
        raise InputError("The input looks like a binary file, not text; paste or pipe plain text.")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) * _BINARY_SHARE):
        raise InputError("The input looks like a binary file, not text; paste or pipe plain text.")
    text = _CONTROL.sub("", text).strip()
    if not text:
        raise InputError(f"Nothing to {what}: the input is empty.")
    if len(text) > limit:
        raise InputError(
            f"The input is {len(text):,} characters; the limit is {limit:,} (COACH_MAX_INPUT_CHARS). "
            "Split it, or raise the limit."
        )
    return text
