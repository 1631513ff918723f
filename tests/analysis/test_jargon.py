"""Jargon detection: glossary terms (phrases first, audience-aware) and unknown technical tokens."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from coach.analysis.glossary import Glossary, Term, builtin_glossary
from coach.analysis.jargon import find_jargon, unknown_tokens
from coach.analysis.jargon_explained import is_explained, unexplained_jargon, unexplained_terms
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.spans import outermost


@dataclass(frozen=True)
class Reader:
    """Any object with an `id` and a `description` is a reader for the jargon check (jargon.ReaderLike)."""

    id: str
    description: str | None = None


INDEX = JargonIndex(builtin_glossary())
EXEC = Reader("executive")
DS = Reader("data-science")


def terms(text: str, audience: str = "executive") -> set[str]:
    return {h.term for h in find_jargon(text, Reader(audience), INDEX)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our model has high recall but low precision.", {"recall", "precision"}),
        ("We cut p99 latency from 800ms to 200ms across 3 regions.", {"p99"}),
        ("The pods were OOMKilled during the canary deploy.", {"canary deploy"}),
        ("Failover to the read replica took 40 seconds.", {"read replica"}),
    ],
)
def test_glossary_terms_are_found(text: str, expected: set[str]) -> None:
    assert expected <= terms(text)


def test_phrase_and_its_parts_are_all_reported() -> None:
    hits = find_jargon("Our model has high recall but low precision.", EXEC, INDEX)
    found = {h.term for h in hits}
    assert {"recall", "precision"} <= found
    longest = outermost(hits)
    assert any(h.term == "high recall but low precision" for h in longest) or {"recall", "precision"} <= {
        h.term for h in longest
    }


def test_audience_that_knows_a_term_does_not_get_it_flagged() -> None:
    assert "Recall" in terms("Recall went up.", "executive")
    assert "recall" not in {t.lower() for t in terms("Recall went up.", "data-science")}


def test_custom_audience_knows_what_its_description_names() -> None:
    reader = Reader("custom", "a new CFO who knows SQL and ETL")
    found = {h.term for h in find_jargon("The ETL job writes SQL tables.", reader, INDEX)}
    assert "ETL" not in found and "SQL" not in found


@pytest.mark.parametrize(
    ("text", "token", "source"),
    [
        ("Requests go through RRDNS first.", "RRDNS", "acronym"),
        ("We seed it with rand.Int63n() each time.", "rand.Int63n()", "code"),
        ("Set max_batch_size to 64.", "max_batch_size", "code"),
        ("The retryPolicy object is shared.", "retryPolicy", "code"),
        ("Run it with `make deploy` today.", "`make deploy`", "code"),
        ("Logs live in /var/log/coach/app.log now.", "/var/log/coach/app.log", "code"),
        ("The p999 went up.", "p999", "metric"),
    ],
)
def test_unknown_jargon_is_flagged_even_when_no_glossary_lists_it(text: str, token: str, source: str) -> None:
    found = {(h.term, h.source) for h in unknown_tokens(text)}
    assert (token, source) in found


@pytest.mark.parametrize(
    "text",
    [
        "The CEO and the CFO met in Q3 to review KPIs.",
        "Ticket JIRA-4411 is closed.",
        "We shipped it to our iPhone users in the US.",
        "I think it is OK.",
    ],
)
def test_ordinary_capitals_and_tickets_are_not_jargon(text: str) -> None:
    assert list(unknown_tokens(text)) == []


def test_spans_point_at_the_term_in_the_original() -> None:
    text = "Our model has high recall but low precision."
    for hit in find_jargon(text, EXEC, INDEX):
        assert text[hit.start : hit.end] == hit.term


def test_acronyms_match_case_sensitively() -> None:
    glossary = Glossary(
        version=1,
        terms=(Term(term="ML", category="ml", plain="machine learning", known_by=()),),
    )
    index = JargonIndex(glossary)
    assert [m.text for m in index.matches("ML models, 5 ml of water")] == ["ML"]


def test_team_glossary_overrides_builtin_entry() -> None:
    team = Glossary(version=1, terms=(Term(term="recall", category="ml", plain="catch rate", known_by=()),))
    merged = builtin_glossary().merged_with(team)
    plains = [t.plain for t in merged.terms if t.term == "recall"]
    assert plains == ["catch rate"]


@pytest.mark.parametrize(
    ("text", "explained"),
    [
        ("p99 latency (the slowest 1 in 100 requests) fell", True),
        ("the slowest requests (p99) fell", True),
        ("p99 fell", False),
    ],
)
def test_is_explained(text: str, explained: bool) -> None:
    term = "p99 latency" if "p99 latency" in text else "p99"
    start = text.index(term)
    assert is_explained(text, start, start + len(term)) is explained


def test_unexplained_jargon_ignores_explained_terms() -> None:
    left = unexplained_jargon("Uptime rose; RRDNS (round-robin DNS) is gone.", EXEC, INDEX)
    assert "RRDNS" not in {h.term for h in left}
    assert "RRDNS" in {h.term for h in unexplained_jargon("RRDNS is gone.", DS, INDEX)}


def test_a_name_in_a_grouped_code_note_is_explained() -> None:
    text = (
        "`retry_payment()` ran again after the first `charge()` had succeeded. "
        "(timeout: giving up after waiting too long. `retry_payment()`, `charge()`: names in the code)."
    )
    assert unexplained_terms(text, ["retry_payment()", "charge()", "`charge()`"]) == []
    assert unexplained_terms("`charge()` ran twice. (refund: money paid back)", ["charge()"]) == ["charge()"]


@pytest.mark.parametrize(
    ("text", "term"),
    [("A bad push caused HTTP 502s on checkout.", "502"), ("The gateway returned 504s all morning.", "504")],
)
def test_a_status_code_in_the_plural_is_the_status_code(text: str, term: str) -> None:
    found = [m for m in outermost(INDEX.matches(text))]
    assert [m.entry.term for m in found] == [term], [(m.text, m.entry.term) for m in found]
    assert [m for m in INDEX.matches("in the 1990s and 2000s")] == []


def test_a_bracket_that_only_abbreviates_the_term_explains_nothing() -> None:
    text = "Fix Cross-Site Request Forgery (CSRF) in the login form."
    start = text.index("Cross")
    assert not is_explained(text, start, start + len("Cross-Site Request Forgery"))
    ticket = "We moved the search index to the new cluster (INFRA-212) on Monday."
    assert is_explained(ticket, ticket.index("cluster"), ticket.index("cluster") + len("cluster"))  # as before


@pytest.mark.parametrize("label", ["BUG FIXES:", "NEW FEATURES", "KNOWN ISSUES:"])
def test_a_label_in_capitals_is_not_an_acronym(label: str) -> None:
    assert terms(f"{label}\n* The export now keeps its filters.") == set()
    assert "RRDNS" in terms("THE RRDNS SWITCH:\n* done") | terms("We moved to RRDNS.")  # a real acronym still is
