"""Ambiguous spellings added from public glossaries take the meaning their (made-up) text shows, or none."""

from __future__ import annotations

import pytest

from coach.analysis.glossary import builtin_glossary
from coach.analysis.jargon_index import JargonIndex

INDEX = JargonIndex(builtin_glossary())


@pytest.mark.parametrize(
    ("text", "form", "meaning"),
    [
        ("The database pool ran out of idle connections at peak.", "pool", "reusable connections"),
        ("The hotel pool reopens in May.", "pool", None),
        ("Profiling showed most frames come from the JSON parser's stack.", "frames", "function calls"),
        ("The camera dropped frames during video playback.", "frames", "images of a video"),
        ("A new frame agreement was signed with the supplier.", "frame", None),
        ("Errors from the readable stream are now forwarded to the pipe.", "stream", "flow of data"),
        ("We will stream the all-hands on Friday.", "stream", None),
        ("The optimizer uses a learning rate of 3e-4 during training.", "optimizer", "adjusts the model"),
        ("The Postgres query optimizer picked a bad plan.", "optimizer", "plans how to run each query"),
        ("The video encoder now supports a higher bitrate.", "encoder", "compresses video"),
        ("The encoder and decoder layers of the transformer were resized.", "encoder", "turns input into numbers"),
        ("An unhandled exception was raised when the timeout hit.", "exception", "error"),
        ("All staff, with the exception of interns, get the bonus.", "exception", None),
        ("Adam from sales joined the call.", "Adam", None),
        ("We trained with Adam at a learning rate of 1e-4 for 3 epochs.", "Adam", "adjusting a model"),
        ("Sessions are capped by a token bucket per tenant.", "token bucket", "bursts"),
        ("Worker utilization on the database servers reached 95%.", "utilization", "capacity"),
        ("Budget utilization was discussed at the offsite.", "utilization", None),
    ],
)
def test_new_ambiguous_terms_take_the_meaning_their_text_shows(text: str, form: str, meaning: str | None) -> None:
    """`meaning` is a phrase of the plain words expected for `form` here; None: the term must be left alone."""
    found = [m for m in INDEX.matches(text) if m.text == form]
    if meaning is None:
        assert found == [], f"{form!r} should be left alone in {text!r}, got {[m.entry.plain for m in found]}"
    else:
        assert found, f"{form!r} was not recognised in {text!r}"
        assert meaning in found[0].entry.plain, f"{form!r} in {text!r} read as {found[0].entry.plain!r}"
