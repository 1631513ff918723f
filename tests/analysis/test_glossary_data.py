"""Checks on the built-in glossary data (prompts/glossary.yaml) that the rewrite engine relies on."""

from __future__ import annotations

import re
from collections import Counter
from typing import get_args

import pytest

from coach.analysis.facts import extract_facts
from coach.analysis.glossary import AudienceId, Category, Term, builtin_glossary
from coach.analysis.jargon import JargonIndex, knows
from coach.audiences import get_audience

TERMS = builtin_glossary().terms
INDEX = JargonIndex(builtin_glossary())
EXECUTIVE = get_audience("executive")
ALL_AUDIENCES = frozenset(get_args(AudienceId))

# A substitution must never add or drop a negation, so `plain` may not contain one.
NEGATION = re.compile(r"\b(?:no|not|never|none|without|cannot|nothing|neither|nor)\b|n['’]t", re.IGNORECASE)
MAX_PLAIN_WORDS = 12
# Capitalised words in `plain` would read as names the original never mentioned; these two are jargon-free.
ALLOWED_CAPITALS = frozenset({"AI", "AI's", "ID"})
# An acronym in `plain` is jargon of its own; only these two read as plain English.
ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
PLAIN_ACRONYMS = frozenset({"AI", "ID"})


def _ids(term: Term) -> str:
    return term.term


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


@pytest.mark.parametrize("term", TERMS, ids=_ids)
def test_plain_is_short_and_has_no_trailing_period(term: Term) -> None:
    assert len(term.plain.split()) <= MAX_PLAIN_WORDS
    assert not term.plain.rstrip().endswith(".")
    assert term.plain == term.plain.strip()


@pytest.mark.parametrize("term", TERMS, ids=_ids)
def test_plain_never_adds_a_number_or_a_negation(term: Term) -> None:
    assert not re.search(r"\d", term.plain), term.plain
    assert not NEGATION.search(term.plain), term.plain


@pytest.mark.parametrize("term", TERMS, ids=_ids)
def test_plain_adds_no_fact_the_fact_check_would_flag(term: Term) -> None:
    # Checked mid-sentence and at a sentence start, the two places the engine puts plain words.
    for text in (f"and {term.plain}", term.plain[:1].upper() + term.plain[1:]):
        assert extract_facts(text) == [], f"{text!r} carries a number, name or negation"
    capitals = [w for w in re.findall(r"[\w'’.-]+", term.plain) if w[:1].isupper() and w not in ALLOWED_CAPITALS]
    assert capitals == [], "plain words must name no product, company or place"


@pytest.mark.parametrize("term", TERMS, ids=_ids)
def test_plain_brings_no_jargon_of_its_own(term: Term) -> None:
    # Plain words must explain, not swap one term for another the executive reader would also need explained.
    jargon = [m.text for m in INDEX.matches(term.plain) if not knows(EXECUTIVE, m.entry)]
    assert jargon == [], f"{term.plain!r} uses glossary terms an executive may not know: {jargon}"
    acronyms = [a for a in ACRONYM.findall(term.plain) if a.rstrip("s") not in PLAIN_ACRONYMS]
    assert acronyms == [], f"{term.plain!r} uses acronyms: {acronyms}"


@pytest.mark.parametrize("term", [t for t in TERMS if t.style == "replace"], ids=_ids)
def test_replaced_forms_hold_no_fact(term: Term) -> None:
    # A form the fact check reads as a name or number must be kept (style: explain), never swapped out.
    for form in term.forms:
        assert extract_facts(f"and the {form} was seen") == [], form


@pytest.mark.parametrize("term", TERMS, ids=_ids)
def test_terms_with_a_digit_are_kept_and_explained(term: Term) -> None:
    if any(ch.isdigit() for form in term.forms for ch in form):
        assert term.style == "explain", "the engine must never drop a number"


@pytest.mark.parametrize("term", TERMS, ids=_ids)
def test_forms_are_clean_and_distinct(term: Term) -> None:
    for form in term.forms:
        assert isinstance(form, str)
        assert form.strip(), "empty term or alias"
        assert form == form.strip(), f"stray whitespace in {form!r}"
    folded = [f.casefold() for f in term.forms]
    assert len(folded) == len(set(folded)), "an alias repeats the term or another alias"
    assert term.plain.casefold() not in folded, "plain words must differ from the term"


@pytest.mark.parametrize("term", TERMS, ids=_ids)
def test_no_term_is_known_by_every_audience(term: Term) -> None:
    assert set(term.known_by) != ALL_AUDIENCES, "a term everyone knows does not belong in the glossary"
    assert len(term.known_by) == len(set(term.known_by))


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
