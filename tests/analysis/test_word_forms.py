"""Word forms the glossary does not list but the matcher finds: "-ing"/"-ed" forms of a one-word entry, and an
acronym written in title or lower case ("Wer", "wer" for "WER"). Texts are made up; the glossaries are small and
built here, so each test shows one rule."""

from __future__ import annotations

import pytest

from coach.analysis.glossary import Glossary, Term, builtin_glossary
from coach.analysis.jargon_explained import is_explained
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.spans import outermost


def _index(*terms: Term) -> JargonIndex:
    return JargonIndex(Glossary(version=1, terms=terms))


CACHE = Term(term="cache", category="infrastructure", plain="fast temporary copy of data", style="explain")
SHARD = Term(term="shard", category="databases", plain="slice of a database split across servers", style="explain")
THROTTLE = Term(term="throttle", category="infrastructure", plain="deliberately slow down", style="replace")
UPSERT = Term(term="upsert", category="databases", plain="add a record, or update it if present", style="explain")
COMMIT = Term(term="commit", category="process", plain="saved code change", style="explain")
PORT = Term(term="port", category="networking", plain="numbered network doorway", style="explain", word_forms=False)
WER = Term(term="WER", category="ml", plain="share of words transcribed wrongly", style="replace")
MAP = Term(term="MAP", category="ml", plain="mean average precision", style="explain")
PR = Term(term="PR", category="process", plain="proposed code change", style="explain")
REPLICATION = Term(term="replication", category="databases", plain="server-to-server data copying")


@pytest.mark.parametrize(
    ("text", "written", "entry"),
    [
        ("We are caching search results for an hour.", "caching", "cache"),
        ("Cached pages load in half the time.", "Cached", "cache"),
        ("The orders table was sharded by region.", "sharded", "shard"),
        ("Sharding the table took a weekend.", "Sharding", "shard"),
        ("Uploads are throttled above 10 per second.", "throttled", "throttle"),
        ("Rows are upserted every night.", "upserted", "upsert"),
        ("Wer: 0.21 after three epochs.", "Wer", "WER"),
        ("The wer dropped to 0.18.", "wer", "WER"),
    ],
)
def test_word_forms_of_an_entry_are_found(text: str, written: str, entry: str) -> None:
    index = _index(CACHE, SHARD, THROTTLE, UPSERT, WER)
    found = [(m.text, m.entry.term) for m in index.matches(text)]
    assert (written, entry) in found


@pytest.mark.parametrize(
    "text",
    [
        "We are committed to the date.",  # an everyday word: "committed" is not about code
        "Porting the app to Windows took a month.",  # the entry refuses its word forms
        "Map the route before the trip.",  # "Map" is an everyday word, not the MAP acronym
        "We map each region to a team.",
        "Pr. Smith reviewed it.",  # two-letter acronyms are too short to guess
        "The replicationing step.",  # no "-ing" is made of a noun-only ending ("-tion")
    ],
)
def test_word_forms_that_would_change_the_meaning_are_not_matched(text: str) -> None:
    index = _index(COMMIT, PORT, MAP, PR, REPLICATION)
    assert [m.text for m in index.matches(text)] == []


def test_a_listed_form_keeps_its_own_entry() -> None:
    # A word form never displaces a spelling an entry lists itself.
    caching = Term(term="caching", category="infrastructure", plain="keeping fast copies of data", style="replace")
    index = _index(CACHE, caching)
    assert [m.entry.term for m in index.matches("Caching helps.")] == ["caching"]


def test_builtin_glossary_finds_word_forms_in_a_phrase() -> None:
    # "storage caching", "DB Replication": the head is found, and the engine explains it after the whole phrase.
    index = JargonIndex(builtin_glossary())
    text = "Storage caching was enabled and the team sharded the events table; DB Replication lagged."
    found = {m.text.lower() for m in index.matches(text)}
    assert {"caching", "sharded", "replication", "db"} <= found


@pytest.mark.parametrize(
    ("text", "term", "explained"),
    [
        ("We tuned Qwen 2.5 7B (an open AI model) on tickets.", "Qwen", True),
        ("We tuned Mixtral 8x7B (an open AI model) on tickets.", "Mixtral", False),  # not a plain size
        ("We tuned Falcon 40B and it (mostly) worked.", "Falcon", False),
    ],
)
def test_a_bracket_after_a_model_size_explains_the_model(text: str, term: str, explained: bool) -> None:
    start = text.index(term)
    assert is_explained(text, start, start + len(term)) is explained


LATENCY = Term(term="latency", category="infrastructure", plain="response time", style="replace")
DB = Term(term="DB", category="databases", plain="database", style="replace")


@pytest.mark.parametrize(
    ("text", "outer"),
    [
        ("We improved storage caching for reports.", ["storage caching"]),  # a word form: explained anyway
        ("Database replication lagged.", ["Database replication"]),  # a long swap reads badly mid-phrase
        ("Storage latency rose.", ["latency"]),  # a short swap stays in place: "storage response time"
        ("The caching helped.", ["caching"]),  # "the" is no noun
        ("DB replication lagged.", ["DB", "replication"]),  # a modifier that is a term keeps its own gloss
        ("Quick caching helped.", ["caching"]),  # only ordinary technical nouns, not any word
    ],
)
def test_a_term_after_a_technical_noun_is_explained_as_the_phrase(text: str, outer: list[str]) -> None:
    index = _index(CACHE, REPLICATION, LATENCY, DB)
    assert [m.text for m in outermost(index.matches(text))] == outer
