from __future__ import annotations

import pytest

from coach.errors import InputError
from coach.validate import clean_text


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_input_says_nothing_to_translate(text: str) -> None:
    with pytest.raises(InputError, match="Nothing to translate"):
        clean_text(text, limit=100)


def test_over_the_limit_names_the_limit() -> None:
    with pytest.raises(InputError, match=r"limit is 100"):
        clean_text("x" * 101, limit=100)


def test_stray_control_characters_are_removed() -> None:
    assert clean_text("a\x07b\x1bc\r\nd", limit=100) == "abc\nd"


def test_binary_is_rejected_clearly() -> None:
    with pytest.raises(InputError, match="binary"):
        clean_text("\x00\x01\x02\x03" * 50, limit=10_000)


def test_unicode_and_emoji_survive() -> None:
    assert clean_text("Café 🚀 naïve", limit=100) == "Café 🚀 naïve"
