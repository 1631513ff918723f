"""Fact extraction and the fact check: tables of cases, then properties that must hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from coach.analysis.facts import Fact, compare, extract_facts


def _facts(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.text, f.key) for f in extract_facts(text)]


# --- extraction: what is found, as what, under which key ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers, plain and with units; count nouns are not units
        ("It has 3 regions.", [("number", "3", "number:3")]),
        ("We have 1,000 users.", [("number", "1,000", "number:1000")]),
        ("We have 10k users.", [("number", "10k", "number:10000")]),
        ("About 1.5 million rows.", [("number", "1.5 million", "number:1500000")]),
        ("It is 2x faster.", [("number", "2x", "times:2")]),
        ("We retried twice.", [("number", "twice", "times:2")]),
        ("It holds 1.5 GB.", [("number", "1.5 GB", "size:1500000000B")]),
        ("It holds 512 MiB.", [("number", "512 MiB", "size:536870912B")]),
        ("It serves 10k req/s.", [("number", "10k req/s", "rate:10000/s")]),
        ("The 3rd attempt worked.", [("number", "3rd", "ordinal:3")]),
        ("It runs on three nodes.", [("number", "three", "number:3")]),
        ("It took twenty-five runs.", [("number", "twenty-five", "number:25")]),
        ("We need a dozen people.", [("number", "a dozen", "number:12")]),
        ("There was zero downtime.", [("number", "zero", "number:0")]),
        # percentages
        ("Errors fell 10%.", [("percent", "10%", "percent:10")]),
        ("Errors fell 10 per cent.", [("percent", "10 per cent", "percent:10")]),
        ("Conversion rose 0.5 percentage points.", [("percent", "0.5 percentage points", "percentage-points:0.5")]),
        ("One in four requests failed.", [("percent", "One in four", "percent:25")]),
        ("It is the 99th percentile.", [("percent", "99th percentile", "percentile:99")]),
        # money
        ("It cost $460M.", [("money", "$460M", "money:USD:460000000")]),
        ("It cost £2.5k.", [("money", "£2.5k", "money:GBP:2500")]),
        ("It cost €3 billion.", [("money", "€3 billion", "money:EUR:3000000000")]),
        ("It cost USD 40,000.", [("money", "USD 40,000", "money:USD:40000")]),
        ("It cost 40,000 dollars.", [("money", "40,000 dollars", "money:USD:40000")]),
        ("It cost $5m.", [("money", "$5m", "money:USD:5000000")]),
        # durations and periods
        ("It took 800ms.", [("duration", "800ms", "duration:0.8s")]),
        ("It took 0.8 seconds.", [("duration", "0.8 seconds", "duration:0.8s")]),
        ("It took ~2 hours.", [("duration", "2 hours", "duration:7200s")]),
        ("It took about two hours.", [("duration", "two hours", "duration:7200s")]),
        ("It took 5m.", [("duration", "5m", "duration:300s")]),
        ("Plan a 30-day window.", [("duration", "30-day", "duration:2592000s")]),
        ("It takes 18 months.", [("duration", "18 months", "duration:18mo")]),
        ("We ship in Q3.", [("duration", "Q3", "period:Q3")]),
        ("We ship in Q3 2025.", [("duration", "Q3 2025", "period:Q3-2025")]),
        # dates and times
        ("It broke on 2025-04-09.", [("date", "2025-04-09", "date:2025-04-09")]),
        ("It broke on April 9.", [("date", "April 9", "date:04-09")]),
        ("It broke on 9 Apr 2025.", [("date", "9 Apr 2025", "date:2025-04-09")]),
        ("It ships next Tuesday.", [("date", "next Tuesday", "date:next-tuesday")]),
        ("It ships tomorrow.", [("date", "tomorrow", "date:tomorrow")]),
        ("It starts at 14:30 UTC.", [("time", "14:30 UTC", "time:14:30 UTC")]),
        ("It starts at 3pm.", [("time", "3pm", "time:15:00")]),
        # ranges: one fact per end, the unit lent to a bare end
        ("It takes 3-6 months.", [("range", "3", "duration:3mo"), ("range", "6 months", "duration:6mo")]),
        ("It takes between 5 and 10 ms.", [("range", "5", "duration:0.005s"), ("range", "10 ms", "duration:0.01s")]),
        ("It went from 800ms to 200ms.", [("range", "800ms", "duration:0.8s"), ("range", "200ms", "duration:0.2s")]),
        ("It costs $3-5M.", [("range", "$3", "money:USD:3000000"), ("range", "5M", "money:USD:5000000")]),
        ("It fell 10-20%.", [("range", "10", "percent:10"), ("range", "20%", "percent:20")]),
        (
            "It costs $40,000 or 5 euros.",
            [("money", "$40,000", "money:USD:40000"), ("money", "5 euros", "money:EUR:5")],
        ),
        # tickets
        ("See JIRA-123.", [("ticket", "JIRA-123", "ticket:JIRA-123")]),
        ("See ABC-4411.", [("ticket", "ABC-4411", "ticket:ABC-4411")]),
        ("See #1234.", [("ticket", "#1234", "ticket:#1234")]),
        ("See PR 512.", [("ticket", "PR 512", "ticket:PR-512")]),
        ("See pull request #512.", [("ticket", "pull request #512", "ticket:PR-512")]),
        ("See CVE-2024-12345.", [("ticket", "CVE-2024-12345", "ticket:CVE-2024-12345")]),
        # versions
        ("We run Postgres 16.", [("name", "Postgres", "name:postgres"), ("version", "16", "version:16")]),
        ("We run Python 3.11.", [("name", "Python", "name:python"), ("version", "3.11", "version:3.11")]),
        ("We shipped v2.3.1.", [("version", "v2.3.1", "version:2.3.1")]),
        ("We shipped version 2.3.", [("version", "version 2.3", "version:2.3")]),
        # names: capitalised mid-sentence, CamelCase, known products, letter-digit jargon
        ("We moved to Kubernetes.", [("name", "Kubernetes", "name:kubernetes")]),
        ("Kubernetes restarted it.", [("name", "Kubernetes", "name:kubernetes")]),
        ("We host on AWS.", [("name", "AWS", "name:aws")]),
        ("We use Google Cloud.", [("name", "Google Cloud", "name:google cloud")]),
        ("We use PostgreSQL.", [("name", "PostgreSQL", "name:postgresql")]),
        ("The iOS app.", [("name", "iOS", "name:ios")]),
        ("We cut p99 latency.", [("name", "p99", "name:p99")]),
        ("Files live in S3.", [("name", "S3", "name:s3")]),
        ("F1 rose.", [("name", "F1", "name:f1")]),
        ("We saw 5xx errors.", [("name", "5xx", "name:5xx")]),
        ("We moved to GPT-4.", [("name", "GPT-4", "name:gpt-4")]),
        ("It speaks IPv6.", [("name", "IPv6", "name:ipv6")]),
        # negations
        ("We did not ship.", [("negation", "not", "negation")]),
        ("We didn't ship.", [("negation", "n't", "negation")]),
        ("We didn’t ship.", [("negation", "n’t", "negation")]),
        ("We never shipped.", [("negation", "never", "negation")]),
        ("We no longer ship.", [("negation", "no longer", "negation")]),
        ("None shipped.", [("negation", "None", "negation")]),
        ("It ran without errors.", [("negation", "without", "negation")]),
        ("We cannot ship.", [("negation", "cannot", "negation")]),
        ("Neither works nor scales.", [("negation", "Neither", "negation"), ("negation", "nor", "negation")]),
        ("Nothing changed.", [("negation", "Nothing", "negation")]),
        ("The job failed to start.", [("negation", "failed to", "negation")]),
    ],
)
def test_extracts(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _facts(text) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("We cut p99 latency.", "number:99"),  # p99 is a name, not the number 99
        ("Files live in S3.", "number:3"),
        ("We moved to GPT-4.", "number:4"),
        ("It speaks IPv6.", "number:6"),
        ("We saw 5xx errors.", "number:5"),
        ("See JIRA-4411.", "number:4411"),
        ("The cache is warm.", "name:the"),  # sentence-initial ordinary words are not names
        ("Our cache is warm.", "name:our"),
        ("We warmed it.", "name:we"),
        ("Latency is fine.", "name:latency"),  # an unknown capitalised opener is not a name
        ("The API is slow.", "name:api"),  # acronyms are jargon, not facts
        ("Check the SLA.", "name:sla"),
        ("Don't worry.", "name:don"),
        ("We replaced the old one.", "number:1"),  # a pronoun, not a count
        ("They help one another.", "number:1"),
        ("Someone often came.", "number:1"),  # number words inside words
        ("Call us soon.", "duration:0.000001s"),
    ],
)
def test_does_not_extract(text: str, absent: str) -> None:
    assert absent not in {key for _, _, key in _facts(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "from 5h to 40m\n- Two agents",
            [("range", "5h", "duration:18000s"), ("range", "40m", "duration:2400s"), ("number", "Two", "number:2")],
        ),
        ("It took 40m\n- 2 agents", [("duration", "40m", "duration:2400s"), ("number", "2", "number:2")]),
        ("Cut 3\n- to 6 months", [("number", "3", "number:3"), ("duration", "6 months", "duration:6mo")]),
        ("between 5\n\nand 10 ms", [("number", "5", "number:5"), ("duration", "10 ms", "duration:0.01s")]),
        ("We wrote 10\nminutes later", [("number", "10", "number:10")]),
        ("It ships April\n9 teams", [("date", "April", "date:04"), ("number", "9", "number:9")]),
        ("We run Postgres\n16 nodes", [("name", "Postgres", "name:postgres"), ("number", "16", "number:16")]),
        ("Paid $5\n• million users", [("money", "$5", "money:USD:5")]),
        ("It failed\n* to start", []),
        ("Q3\n2025 goals", [("duration", "Q3", "period:Q3"), ("number", "2025", "number:2025")]),
        ("It took 3 -\n6 months", [("number", "3", "number:3"), ("duration", "6 months", "duration:6mo")]),
        ("It took 3-6\r\nmonths", [("range", "3", "number:3"), ("range", "6", "number:6")]),
        ("It took 3 to\r\n🚀 6 months", [("number", "3", "number:3"), ("duration", "6 months", "duration:6mo")]),
    ],
)
def test_no_fact_spans_a_line_break(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _facts(text) == expected


@pytest.mark.parametrize(
    ("text", "opener"),
    [
        ("🚀 Shipped search to EU users", "shipped"),
        ("✅ Migrated billing to the new cluster", "migrated"),
        ("• 🎉 Launched the beta", "launched"),
        ("WEB-204 Onboarding flow redesigned", "onboarding"),
        ("API-61 Wrote RFC for retries", "wrote"),
        ("[WEB-204] Onboarding flow redesigned", "onboarding"),
        ("(PAY-1423): Refunds now work", "refunds"),
        ("WEB-204 - Onboarding flow redesigned", "onboarding"),
        ("- Fixed the login bug", "fixed"),
        ("* [x] Fixed the login bug", "fixed"),
        ("1) Fixed the login bug", "fixed"),
        ("#12 Fixed the login bug", "fixed"),
        ("Done: Migrated billing", "migrated"),
        ("We shipped search.\n🚀 Shipped export too", "shipped"),
        ("Search is live. WEB-7 Onboarding is next", "onboarding"),
    ],
)
def test_a_word_after_a_line_opening_marker_opens_a_sentence(text: str, opener: str) -> None:
    keys = {key for _, _, key in _facts(text)}

    assert not any(key.startswith(f"name:{opener}") for key in keys), keys


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("🚀 Kubernetes upgraded", "name:kubernetes"),  # a known name stays a name
        ("WEB-204 Onboarding works for the Onboarding team", "name:onboarding"),  # written mid-sentence too
        ("We thanked 🙏 Alice", "name:alice"),  # an emoji mid-sentence is not a sentence break
        ("Fixed WEB-204 Onboarding", "name:onboarding"),  # a ticket mid-sentence is not either
        ("We hired 3 Googlers", "name:googlers"),
    ],
)
def test_names_after_markers_mid_sentence_stay_names(text: str, name: str) -> None:
    assert name in {key for _, _, key in _facts(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("memory grew 1.5 GB\nper hour", [("number", "1.5 GB\nper hour", "size:1500000000B/h")]),
        ("It took 3\nto 6 months", [("range", "3", "duration:3mo"), ("range", "6 months", "duration:6mo")]),
        ("It failed\r\n  to start", [("negation", "failed\r\n  to", "negation")]),
    ],
)
def test_a_fact_wrapped_mid_sentence_is_kept(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _facts(text) == expected


def test_fact_text_is_the_source_span() -> None:
    text = "On 2025-04-09 we cut p99 from 800ms to 200ms for $460M, not in Q3; see JIRA-123 on Postgres 16."
    for fact in extract_facts(text):
        assert text[fact.start : fact.end] == fact.text


def test_fact_rejects_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        Fact.model_validate({"kind": "number", "text": "3", "key": "number:3", "start": 0, "end": 1, "x": 1})


# --- compare: equivalences, changes, negations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "rewrite"),
    [
        ("It took 800ms.", "It took 800 milliseconds."),
        ("It took 800ms.", "It took 0.8 seconds."),
        ("It cost $460M.", "It cost $460 million."),
        ("It cost $460M.", "It cost $460,000,000."),
        ("It took ~2 hours.", "It took about two hours."),
        ("It took ~2 hours.", "It took 2 hours."),
        ("Errors fell 10%.", "Errors fell 10 percent."),
        ("We have 1,000 users.", "We have 1000 users."),
        ("We have 1,000 users.", "We have 1k users."),
        ("We have 1,000 users.", "We have one thousand users."),
        ("It runs in 3 regions.", "It runs in three regions."),
        ("It runs in 3 regions.", "It runs in 3."),  # count nouns are not units
        ("We did not ship.", "We didn't ship."),
        ("We can't ship.", "We cannot ship."),
        ("Postgres is slow.", "We find Postgres slow."),  # a name moved off the start of a sentence
        ("We cut p99 latency.", "We cut the latency 99 in 100 requests beat."),  # jargon replaced by its meaning
        ("We cut p99 latency.", "We cut p99 (99th percentile) latency."),  # jargon explained
        ("It takes 3-6 months.", "It takes three to six months."),
        ("It takes 3-6 months.", "It takes between 3 and 6 months."),
        ("It ships on April 9.", "It ships on 9 April."),
        ("It starts at 3pm.", "It starts at 15:00."),
        ("See PR 512.", "See pull request #512."),
        (
            "We cut p99 latency from 800ms to 200ms across 3 regions.",
            "We cut the response time that 99 in 100 requests beat (p99) from 800 milliseconds to 200 ms "
            "in three regions",
        ),
    ],
)
def test_equivalent_rewrites_pass(original: str, rewrite: str) -> None:
    check = compare(original, rewrite)
    assert check.ok, check
    assert check.missing == check.added == []


@pytest.mark.parametrize(
    ("original", "rewrite", "missing", "added"),
    [
        ("It took 800ms.", "It took 900ms.", ["800ms"], ["900ms"]),  # a changed number is lost and added
        ("It cost $460M.", "It cost $460 billion.", ["$460M"], ["$460 billion"]),
        ("It took 800ms.", "It took 800 seconds.", ["800ms"], ["800 seconds"]),  # units are part of the fact
        ("Errors fell 10%.", "Errors fell 10.", ["10%"], ["10"]),
        ("We did not ship.", "We shipped.", ["not"], []),  # a dropped negation
        ("We shipped.", "We never shipped.", [], ["never"]),  # an added negation
        ("We never ship on Fridays.", "We ship on Fridays.", ["never"], []),
        ("It broke on 2025-04-09.", "It broke on 2025-04-10.", ["2025-04-09"], ["2025-04-10"]),
        ("See JIRA-123.", "See the ticket.", ["JIRA-123"], []),
        ("We run Postgres 16.", "We run Postgres 15.", ["16"], ["15"]),
        ("We moved to Kubernetes.", "We moved to a new platform.", ["Kubernetes"], []),
        ("We cut p99 latency.", "We cut latency.", ["p99"], []),
        ("It took 3 days and 3 days.", "It took 3 days.", ["3 days"], []),  # counted, not just present
        ("Errors fell 10% then 10%.", "Errors fell 10%.", ["10%"], []),
        ("It takes 3-6 months.", "It takes 3 months.", ["6 months"], []),
        ("It ran 10 times.", "It ran 10 times on AWS.", [], ["AWS"]),
        ("At p99, 99% of calls beat 1s.", "At p99, calls beat 1s.", ["99%"], []),  # jargon does not excuse a number
    ],
)
def test_changed_facts_are_reported(original: str, rewrite: str, missing: list[str], added: list[str]) -> None:
    check = compare(original, rewrite)
    assert not check.ok
    assert (check.missing, check.added) == (missing, added)


@pytest.mark.parametrize(
    ("original", "rewrite"),
    [
        ("Migrated with zero downtime.", "Migrated with no downtime."),
        ("We saw 0 errors.", "We saw no errors."),
        ("Zero customers churned.", "No customers churned."),
        ("It ran with zero downtime.", "It ran without downtime."),
        ("Zero of the tests failed.", "None of the tests failed."),
        ("We had zero incidents and no pages.", "We had no incidents and no pages."),
    ],
)
def test_zero_and_no_are_the_same_fact_either_way(original: str, rewrite: str) -> None:
    assert compare(original, rewrite).ok, compare(original, rewrite)
    assert compare(rewrite, original).ok, compare(rewrite, original)


@pytest.mark.parametrize(
    ("original", "rewrite", "missing", "added"),
    [
        ("We had zero incidents.", "We had 2 incidents.", ["zero"], ["2"]),
        ("We had zero incidents.", "We did not have incidents.", ["zero"], ["not"]),  # only "no" means zero
        ("Zero downtime, no errors.", "No downtime.", ["Zero"], []),  # each zero needs its own "no"
        ("We had no incidents.", "We had zero incidents and zero pages.", [], ["zero"]),
        ("Errors fell from 5 to zero.", "Errors fell from 5 to none.", ["zero"], ["none"]),  # a range end
    ],
)
def test_zero_and_no_still_count(original: str, rewrite: str, missing: list[str], added: list[str]) -> None:
    check = compare(original, rewrite)
    assert (check.missing, check.added) == (missing, added)


def test_negation_count_reports_the_unmatched_cue() -> None:
    check = compare("It did not fail and we never paged.", "It didn't fail and we paged.")
    assert check.missing == ["never"]


# --- properties ---------------------------------------------------------------------------------------------

# Filler that can neither open a fact nor join two numbers into a range or a ratio.
_FILLER = st.sampled_from(
    ["latency", "the", "service", "cache", "users", "requests", "deploy", "was", "then", "after", "we", "saw",
     "cost", "with", "for", "rollout", "queue", "Kubernetes", "p99", "SLA", "reached", "roughly", "~"]
)  # fmt: skip
_NUMBER = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(1000, 10**7).map(lambda n: f"{n:,}"),
    st.integers(1, 999).map(lambda n: f"{n}ms"),
    st.integers(1, 48).map(lambda n: f"{n} hours"),
    st.integers(1, 99).map(lambda n: f"{n}%"),
    st.integers(1, 999).map(lambda n: f"${n}M"),
    st.integers(1, 999).map(lambda n: f"{n}k"),
    st.integers(1, 64).map(lambda n: f"{n} GB"),
    st.decimals(min_value=0, max_value=1000, places=2).map(str),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_NUMBER, st.lists(_FILLER, min_size=1, max_size=4)), min_size=1, max_size=12), st.data())
def test_any_dropped_number_is_reported(pieces: list[tuple[str, list[str]]], data: st.DataObject) -> None:
    parts = [[number, *filler] for number, filler in pieces]
    text = " ".join(word for part in parts for word in part) + "."
    assert compare(text, text).ok
    drop = data.draw(st.integers(0, len(parts) - 1))
    number = parts[drop][0]
    (fact,) = extract_facts(number)
    shorter = " ".join(word for i, part in enumerate(parts) for word in (part[1:] if i == drop else part)) + "."
    check = compare(text, shorter)
    assert not check.ok
    assert fact.text in check.missing


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_is_consistent_with_itself(text: str) -> None:
    facts = extract_facts(text)
    assert all(text[f.start : f.end] == f.text for f in facts)
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    assert compare(text, text).ok


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["800ms", "$460M", "not", "Postgres 16", "3-6 months", "JIRA-12", "Q3", "2025-04-09", "p99", "we",
             "the", "to", "and", "between", "two", "hours", "one", "Kubernetes", ".", ",", "\n- ", "didn't", "10%"]
        ),
        max_size=30,
    )
)  # fmt: skip
def test_fact_like_text_is_consistent_with_itself(words: list[str]) -> None:
    text = " ".join(words)
    assert all(text[f.start : f.end] == f.text for f in extract_facts(text))
    assert compare(text, text).ok


def test_every_kind_of_match_has_a_handler() -> None:
    # A pattern added without its entry in the dispatch table would fail only on the first text that has one.
    from coach.analysis.facts import _extract, _patterns

    assert set(_extract._HANDLERS) == {kind for kind, _, _ in _patterns._PATTERNS} | {"nt"}


@pytest.mark.parametrize(
    ("original", "rewrite", "added"),
    [
        # A gloss names part of a name, or the same name again: nothing new is claimed.
        (
            "Creating GitHub Codespaces failed.",
            "Creating GitHub Codespaces failed. (GitHub: code hosting service).",
            [],
        ),
        ("Our Snowflake costs rose 35%.", "Our Snowflake costs rose 35%. (Snowflake: cloud database service).", []),
        # A different name is still an addition, and a changed one a loss and an addition.
        ("Creating GitHub Codespaces failed.", "Creating GitLab Codespaces failed.", ["GitLab Codespaces"]),
        ("Costs rose 35%.", "Costs rose 35% at Snowflake.", ["Snowflake"]),
    ],
)
def test_repeating_or_naming_part_of_a_stated_name_adds_nothing(original: str, rewrite: str, added: list[str]) -> None:
    assert compare(original, rewrite).added == added
