"""Reading grade: orderings that must hold, code that must not count, and the syllable heuristic."""

from __future__ import annotations

import pytest

from coach.analysis.readability import _syllables, grade

SIMPLE = "We fixed the bug. The site is fast now. Users can pay again."
DENSE = (
    "Comprehensive infrastructural modernization necessitated considerable organizational "
    "reconfiguration, substantially complicating interdepartmental communication and prioritization."
)


@pytest.mark.parametrize(
    "text", ["", "   \n\t", "```\nrun_job()\n```", "`get_user_by_id()`", "https://intranet.local/a_b"]
)
def test_no_words_grade_zero(text: str) -> None:
    assert grade(text) == 0.0


@pytest.mark.parametrize(
    ("easier", "harder"),
    [
        (SIMPLE, DENSE),
        ("The job ran. It was slow.", "The synchronization procedure executed inefficiently."),
        # the same words in short bullets read easier than as one long sentence
        (
            "- The cache was cold\n- The job was slow\n- We warmed it up\n- Now it is fast",
            "The cache was cold and the job was slow so we warmed it up and now it is fast",
        ),
    ],
)
def test_plain_prose_grades_lower(easier: str, harder: str) -> None:
    assert grade(easier) < grade(harder)


@pytest.mark.parametrize(
    ("plain", "with_code"),
    [
        ("We call the service to load the user.", "We call the service `get_user_by_id()` to load the user."),
        ("We changed the setting.", "We changed the max_connections setting in db.conf with std::env."),
        ("We read the docs.", "We read the docs at https://wiki.local/docs/runbook_v2."),
        ("The helper returns the user.", "The getUserById helper returns the user."),
        ("We ran it.", "We ran it:\n```python\nfor item in very_long_iterable_name:\n    process(item)\n```"),
    ],
)
def test_code_barely_moves_the_grade(plain: str, with_code: str) -> None:
    assert abs(grade(plain) - grade(with_code)) <= 1.5


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("We saw 1234567 users.", "We saw ten users."),  # a number is one word of one syllable
        ("We saw 99.9% uptime.", "We saw full uptime."),
        ("The API is up.", "The cat is up."),  # an acronym is one word of one syllable
        ("The APIs are up.", "The cats are up."),
    ],
)
def test_numbers_and_acronyms_count_as_one_syllable(a: str, b: str) -> None:
    assert grade(a) == grade(b)


def test_grade_is_rounded_and_never_negative() -> None:
    for text in (SIMPLE, DENSE, "Go.", "It is."):
        g = grade(text)
        assert g >= 0.0
        assert round(g, 1) == g


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("made", 1),
        ("used", 1),
        ("makes", 1),
        ("year", 1),
        ("queue", 1),
        ("simple", 2),
        ("wanted", 2),
        ("boxes", 2),
        ("table", 2),
        ("latency", 3),
        ("database", 3),
        ("yesterday", 3),
        ("infrastructure", 4),
        ("organization", 5),
        ("communication", 5),
        ("availability", 6),
    ],
)
def test_syllable_heuristic(word: str, syllables: int) -> None:
    assert _syllables(word) == syllables


def test_markdown_headings_are_labels_not_sentences() -> None:
    items = "- Fixed retries that were never applied to requests which timed out.\n- Raised the default timeout."
    with_headings = f"## v1.2.1\n\n### Fixed\n\n{items}"
    assert grade(with_headings) == grade(items)
    # A line that merely starts with '#' inside prose ("#1742 fixed it") is not a heading.
    assert grade("#1742 fixed the retries that were never applied.") > 0


@pytest.mark.parametrize("label", ["BUG FIXES:", "**Breaking changes**", "Known issues:"])
def test_label_lines_are_not_sentences_either(label: str) -> None:
    items = "- Terraform could fail to evaluate module outputs during a destroy operation."
    assert grade(f"{label}\n{items}") == grade(items)
    # A sentence that ends in a colon and introduces a list is a sentence.
    assert grade("It achieves the following results on the evaluation set:\n" + items) != grade(items)


@pytest.mark.parametrize(
    "wrapped",
    [
        # goes on in lower case after a line with no stop
        "Extract database functions were\nsubject to SQL injection if untrusted data was used as\na kind value.",
        # a list item wrapped under its marker
        "- Extract database functions were subject to SQL injection if\n  untrusted data was used as a kind value.",
        # a line that ends on a word no sentence ends on, then a capital
        "Trunc and Extract database functions were subject to SQL injection in the\nTrunc and Extract kind values.",
    ],
)
def test_a_hard_wrapped_sentence_is_one_sentence(wrapped: str) -> None:
    assert grade(wrapped) == grade(" ".join(line.strip() for line in wrapped.split("\n")))


@pytest.mark.parametrize(
    "lines",
    [
        "- Fixed the retries on timeouts\n- Raised the default timeout to thirty seconds",  # each item on its own
        "Fixed the retries on timeouts\n1. raised the default timeout to thirty seconds",  # a numbered line too
        "Fixed the retries on timeouts\nRaised the default timeout to thirty seconds",  # a capital after a full word
    ],
)
def test_lines_that_start_afresh_stay_apart(lines: str) -> None:
    assert grade(lines) < grade(" ".join(lines.split("\n")).replace("- ", "").replace("1. ", ""))
