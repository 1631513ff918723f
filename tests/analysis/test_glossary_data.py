"""Checks on the built-in glossary data (prompts/glossary.yaml) that the rewrite engine relies on."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import get_args

import pytest

from coach.analysis.facts import extract_facts
from coach.analysis.glossary import AudienceId, Category, builtin_glossary
from coach.analysis.jargon import JargonIndex, knows

TERMS = builtin_glossary().terms
INDEX = JargonIndex(builtin_glossary())
ALL_AUDIENCES = frozenset(get_args(AudienceId))

# A substitution must never add or drop a negation, so `plain` may not contain one.
NEGATION = re.compile(r"\b(?:no|not|never|none|without|cannot|nothing|neither|nor)\b|n['’]t", re.IGNORECASE)
MAX_PLAIN_WORDS = 12
# Capitalised words in `plain` would read as names the original never mentioned; these two are jargon-free.
ALLOWED_CAPITALS = frozenset({"AI", "AI's", "ID"})
# An acronym in `plain` is jargon of its own; only these two read as plain English.
ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
PLAIN_ACRONYMS = frozenset({"AI", "ID"})


@dataclass(frozen=True)
class Reader:
    """A reader for the jargon check: any object with an `id` and a `description` (jargon.ReaderLike)."""

    id: str
    description: str | None = None


EXECUTIVE = Reader("executive")


def _report(offenders: list[str]) -> str:
    """A failure message that lists every offending entry, one a line, so a data fix needs one test run."""
    return f"{len(offenders)} glossary entries break this rule:\n  " + "\n  ".join(offenders)


def test_glossary_is_large_enough() -> None:
    assert len(TERMS) >= 500


@pytest.mark.parametrize("category", get_args(Category))
def test_every_category_is_well_covered(category: str) -> None:
    count = sum(1 for t in TERMS if t.category == category)
    assert count >= 20, f"only {count} terms in category {category!r}"


@pytest.mark.parametrize("audience", sorted(ALL_AUDIENCES))
def test_every_audience_already_knows_some_terms(audience: str) -> None:
    count = sum(1 for t in TERMS if audience in t.known_by)
    assert count >= 10, f"only {count} terms known by {audience!r}"


# --- one test per rule over every entry: each lists all its offenders at once ---------------------------------


def test_plain_is_short_and_has_no_trailing_period() -> None:
    offenders = [
        f"{t.term}: {t.plain!r}"
        for t in TERMS
        if len(t.plain.split()) > MAX_PLAIN_WORDS or t.plain.rstrip().endswith(".") or t.plain != t.plain.strip()
    ]
    assert offenders == [], _report(offenders)


def test_plain_never_adds_a_number_or_a_negation() -> None:
    offenders = [f"{t.term}: {t.plain!r}" for t in TERMS if re.search(r"\d", t.plain) or NEGATION.search(t.plain)]
    assert offenders == [], _report(offenders)


def test_plain_adds_no_fact_the_fact_check_would_flag() -> None:
    offenders = []
    for t in TERMS:
        # Checked mid-sentence and at a sentence start, the two places the engine puts plain words.
        for text in (f"and {t.plain}", t.plain[:1].upper() + t.plain[1:]):
            found = [f.text for f in extract_facts(text)]
            if found:
                offenders.append(f"{t.term}: {text!r} carries a number, name or negation: {found}")
    assert offenders == [], _report(offenders)


def test_plain_names_no_product_company_or_place() -> None:
    offenders = []
    for t in TERMS:
        capitals = [w for w in re.findall(r"[\w'’.-]+", t.plain) if w[:1].isupper() and w not in ALLOWED_CAPITALS]
        if capitals:
            offenders.append(f"{t.term}: {t.plain!r} has capitalised words {capitals}")
    assert offenders == [], _report(offenders)


def test_plain_brings_no_jargon_of_its_own() -> None:
    # Plain words must explain, not swap one term for another the executive reader would also need explained.
    offenders = []
    for t in TERMS:
        jargon = [m.text for m in INDEX.matches(t.plain) if not knows(EXECUTIVE, m.entry)]
        acronyms = [a for a in ACRONYM.findall(t.plain) if a.rstrip("s") not in PLAIN_ACRONYMS]
        if jargon or acronyms:
            offenders.append(f"{t.term}: {t.plain!r} uses glossary terms {jargon} and acronyms {acronyms}")
    assert offenders == [], _report(offenders)


def test_replaced_forms_hold_no_fact() -> None:
    # A form the fact check reads as a name or number must be kept (style: explain), never swapped out.
    offenders = []
    for t in TERMS:
        if t.style != "replace":
            continue
        for form in t.forms:
            found = [f.text for f in extract_facts(f"and the {form} was seen")]
            if found:
                offenders.append(f"{t.term}: form {form!r} reads as facts {found}")
    assert offenders == [], _report(offenders)


def test_terms_with_a_digit_are_kept_and_explained() -> None:
    # The engine must never drop a number, so a form with a digit is explained, not replaced.
    offenders = [t.term for t in TERMS if t.style != "explain" and any(c.isdigit() for f in t.forms for c in f)]
    assert offenders == [], _report(offenders)


def test_forms_are_clean_and_distinct() -> None:
    offenders = []
    for t in TERMS:
        blank = [f for f in t.forms if not f.strip()]
        stray = [f for f in t.forms if f.strip() and f != f.strip()]
        folded = [f.casefold() for f in t.forms]
        if blank:
            offenders.append(f"{t.term}: empty term or alias")
        if stray:
            offenders.append(f"{t.term}: stray whitespace in {stray}")
        if len(folded) != len(set(folded)):
            offenders.append(f"{t.term}: an alias repeats the term or another alias")
        if t.plain.casefold() in folded:
            offenders.append(f"{t.term}: plain words must differ from the term")
    assert offenders == [], _report(offenders)


def test_no_term_is_known_by_every_audience() -> None:
    offenders = [
        f"{t.term}: known by {list(t.known_by)}"
        for t in TERMS
        # a term everyone knows does not belong in the glossary; an audience listed twice is a typo
        if set(t.known_by) == ALL_AUDIENCES or len(t.known_by) != len(set(t.known_by))
    ]
    assert offenders == [], _report(offenders)


def test_term_names_are_unique() -> None:
    repeated = [name for name, n in Counter(t.term.casefold() for t in TERMS).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize(
    ("form", "style"),
    [
        ("high recall but low precision", "replace"),
        ("high precision but low recall", "replace"),
        ("false positives", "replace"),
        ("false negatives", "replace"),
        ("recall", "replace"),
        ("latency", "replace"),
        ("throughput", "replace"),
        ("refactored", "replace"),
        ("deprecated", "replace"),
        ("technical debt", "replace"),
        ("root cause", "replace"),
        ("single point of failure", "replace"),
        ("memory leak", "replace"),
        ("race condition", "replace"),
        ("cold start", "replace"),
        ("garbage collection", "replace"),
        ("rate limiting", "replace"),
        ("circuit breaker", "replace"),
        ("data drift", "replace"),
        ("model drift", "replace"),
        ("train/test split", "replace"),
        ("A/B test", "replace"),
        ("feature flag", "replace"),
        ("rolling restart", "replace"),
        ("cache hit rate", "replace"),
        ("p99 latency", "explain"),
        ("p99", "explain"),
        ("F1", "explain"),
        ("S3", "explain"),
        ("5xx", "explain"),
        ("Kubernetes", "explain"),
        ("k8s", "explain"),
        ("Kafka", "explain"),
        ("Postgres", "explain"),
        ("postgresql", "explain"),
        ("Redis", "explain"),
        ("Snowflake", "explain"),
        ("PyTorch", "explain"),
        ("Terraform", "explain"),
        ("AWS", "explain"),
        ("multi-AZ", "replace"),
        ("cutover", "replace"),
        ("sunset", "replace"),
        ("right-sized", "replace"),
        ("CTR", "replace"),
        ("idempotency key", "replace"),
        ("break-glass", "replace"),
        ("median", "replace"),
        ("KL divergence", "explain"),
        ("4-bit", "explain"),
    ],
)
def test_phrases_the_engine_depends_on_are_listed(form: str, style: str) -> None:
    matches = [t for t in TERMS if form.casefold() in {f.casefold() for f in t.forms}]
    assert len(matches) == 1, f"{form!r} is missing from the glossary"
    assert matches[0].style == style
