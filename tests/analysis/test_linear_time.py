"""Every public analysis function runs in time linear in its input, whatever the input.

A regex that backtracks can take minutes on a text built to make it (CPU seconds once measured at 20,000
characters: 205 s for "1,0" repeated, 113 s for "9" repeated, 54 s for "ABC " repeated). These tests run each
function on such texts at the full input limit and require each call to finish well inside a generous bound;
a fixed table holds the shapes that were once slow, and hypothesis looks for new ones.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.analysis.activity import assess, has_metric, question_for, tickets
from coach.analysis.facts import compare, extract_facts
from coach.analysis.glossary import builtin_glossary
from coach.analysis.jargon import find_jargon, unknown_tokens
from coach.analysis.jargon_explained import unexplained_jargon
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.readability import grade

LIMIT = 20_000
"""The default input limit (COACH_MAX_INPUT_CHARS): the longest text a user can send."""
BOUND_S = 2.0
"""Per call, in CPU seconds. Each takes well under 0.25 s on the project's machine; CI machines are noisy."""


@dataclass(frozen=True)
class Reader:
    id: str
    description: str | None = None


INDEX = JargonIndex(builtin_glossary())
EXECUTIVE = Reader("executive")
CUSTOM = Reader("custom", "a CFO who knows SQL, ETL and p99")

FUNCTIONS: dict[str, Callable[[str], object]] = {
    "extract_facts": extract_facts,
    "compare": lambda text: compare(text, text[::-1]),
    "compare with itself": lambda text: compare(text, text),
    "find_jargon": lambda text: find_jargon(text, EXECUTIVE, INDEX),
    "unexplained_jargon": lambda text: unexplained_jargon(text, CUSTOM, INDEX),
    "glossary matches": INDEX.matches,
    "unknown_tokens": lambda text: list(unknown_tokens(text)),
    "grade": grade,
    "assess": assess,
    "has_metric": has_metric,
    "question_for": question_for,
    "tickets": tickets,
}


def _at_limit(unit: str, suffix: str = "") -> str:
    """`unit` repeated to the input limit, ending in `suffix` (a last character that makes a match fail late)."""
    body = unit * (LIMIT // len(unit) + 1)
    return body[: LIMIT - len(suffix)] + suffix


def _too_slow(text: str) -> dict[str, float]:
    """The functions that took longer than the bound on `text`, with their CPU seconds."""
    slow = {}
    # This thread's CPU, with the collector held off (run once first, only if much is waiting): neither a full
    # collection over the heap other tests left nor a server they left running in this process is the code under
    # test. A collection each call would cost more than the calls.
    if gc.get_count()[0] > 500:
        gc.collect()
    gc.disable()
    try:
        for name, function in FUNCTIONS.items():
            started = time.thread_time()
            function(text)
            seconds = time.thread_time() - started
            if seconds > BOUND_S:
                slow[name] = round(seconds, 2)
    finally:
        gc.enable()
    return slow


# (repeated unit, last characters): each once took seconds to minutes in at least one function.
ADVERSARIAL = [
    ("1,0", ""),  # a metric's number with separators, tried from every digit
    ("9", ""),
    ("9", "x"),
    ("1,", "1.x"),
    ("ABC ", ""),  # a run of capitalised words read again from each word
    ("AB ", ""),
    ("Alice Bob Carol ", ""),
    ("A1-", ""),  # letter-digit names joined by hyphens
    ("1.", ""),  # dotted numbers and paths: code or prose?
    ("a.", ""),
    ("A.", ""),
    ("1.1.", ""),
    ("a.", "("),
    ("AB", "a"),  # one long word that fails at its very end
    ("a", "_"),
    ("a", "1"),
    ("1-", ""),  # thousands of quantities and ranges
    ("1 ", "'t"),
    ("1\n", "x"),
    ("1/", ":"),
    ("0 no ", ""),
    ("five ", ""),
    ("a ", ""),  # plain text, punctuation and white space
    (". ", ""),
    ("-", ""),
    ("`", ""),
    ("/a", ""),
    ("a_", ""),
    ("a@", ""),
    ("x@b", ""),
    ("from 1 ", ""),
    ("1->", ""),
    ("updated 1.2 to ", ""),
    ("Postgres 1.", "x"),
    ("JIRA-1 ", ""),
    ("p99.", "x"),
    ("--a", ""),
    (" ", ""),
    ("\n", ""),
]


@pytest.mark.parametrize(("unit", "suffix"), ADVERSARIAL, ids=[repr(u + s) for u, s in ADVERSARIAL])
def test_each_function_is_fast_on_text_built_to_be_slow(unit: str, suffix: str) -> None:
    assert _too_slow(_at_limit(unit, suffix)) == {}


FRAGMENTS = [
    *"aAzZ019 .,;:-_/\\@()[]`'’\"$€%#+*=>→\n\t",
    *"ms GB no not The the Q3 v1 p99 in to of and per from Jan x k M".split(),
    *"$5 1,000 1.5 10% n't 's www. http:// -> --".split(),
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    unit=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5).map("".join),
    suffix=st.sampled_from(["", "x", ".x", "_", "@", "(", "1", "A"]),
)
def test_each_function_is_fast_on_any_repeated_pattern(unit: str, suffix: str) -> None:
    assert _too_slow(_at_limit(unit, suffix)) == {}
