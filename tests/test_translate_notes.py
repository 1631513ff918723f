"""Explanations for readers who decide: right about what a name is, silent about what the reader knows, small next
to the sentence they explain. Every text here is made up, in the shape of texts where the old rules went wrong."""

from __future__ import annotations

import re

import pytest

from coach import Coach, Settings
from coach.analysis.glossary import Glossary, Term
from coach.analysis.jargon_index import JargonIndex
from coach.features.translate.notes import NOTE_FLOOR, NOTE_SHARE, PAIR
from coach.features.translate.plainwords import Edit, TermState, plain_words
from coach.features.translate.subjects import subjects
from coach.readers import get_audience

COACH = Coach(Settings(engine="offline", COACH_GLOSSARY=None))
EXEC = get_audience("executive")


def _index(*terms: Term) -> JargonIndex:
    return JargonIndex(Glossary(version=1, terms=terms))


def _named(text: str) -> str:
    return plain_words(text, EXEC, _index(), TermState(), [], name_code=True)


@pytest.mark.parametrize(
    ("text", "said", "not_said"),
    [
        # a flag is a setting of a command, quoted or not
        ("Added `-w, --workers` to choose how many run at once.", "`-w, --workers`: a command-line setting", "code"),
        ("Pass `--dry-run` first.", "`--dry-run`: a command-line setting", "name in the code"),
        # the writer already said what it is
        ("Tests now run with flag `-shuffle`.", None, "`-shuffle`:"),
        ("Added the `--quiet` option to the exporter.", None, "`--quiet`:"),
        ("The `rebuild_index` command is faster now.", None, "`rebuild_index`:"),
        # an error type is an error type
        ("The client hides it under `RequestAbortedException` now.", "`RequestAbortedException`: an error type", None),
        # a name with its version is software, not a name inside the code
        ("Support for the old format ends in fooctl 2.4.", None, "name in the code"),
        ("Upgraded to `widgetlib` 3.1 for the fix.", "`widgetlib`: a software tool", "name in the code"),
        ("Upgraded to `widgetlib@3.1.0` for the fix.", "`widgetlib@3.1.0`: a software tool", None),
        # what the code depends on are libraries
        ("Updated dependencies: dropped `tinycache`, added `fast_lru`.", "code libraries", "names in the code"),
        # a symbol or SCREAMING_CASE name in a changelog is a setting
        ("Add `:max_idle` to cap idle connections.", "`:max_idle`: a setting", None),
        # a bare tool-like word the writer did not mark as code: nothing is said rather than something wrong
        ("Maybe pg_restorex refused to start, so he deleted the folder.", None, "pg_restorex:"),
        # a path that ends a sentence is named without the sentence's full stop
        ("Then check /var/log/shop/today.log.", "(/var/log/shop/today.log: a file path)", "today.log.:"),
        # a real name in the code is still said to be one
        ("Calling `parse_rows()` twice is safe now.", "`parse_rows()`: a name in the code", None),
    ],
)
def test_a_code_name_is_said_to_be_what_it_is_or_nothing(text: str, said: str | None, not_said: str | None) -> None:
    out = _named(text)
    if said is not None:
        assert said in out, out
    if not_said is not None:
        assert not_said not in out, out


CLOUDISH = Term(term="Skyway", category="infrastructure", plain="cloud hosting company", style="explain")
STORE = Term(term="Redix", category="databases", plain="very fast in-memory data store", style="explain")
HOOKS = Term(term="webhook", category="general", plain="automatic message sent to another app", style="explain")


@pytest.mark.parametrize(
    ("document", "subject"),
    [
        # the writer's company, in its own first-person report, named twice
        ("Today a fault in our core network hit Skyway services. We saw traffic drop across the Skyway network.", True),
        # the subject of the first sentence
        ("On May 2 the Skyway service experienced errors for an hour. It recovered by noon.", True),
        # the product an incident is about
        ("A second issue caused further delays in Skyway deploys. They resumed at 14:00.", True),
        # the maker's part of a product name the text then uses alone
        ("Our monitors saw failures creating Skyway Workspaces in one region. Workspaces elsewhere were fine.", True),
        # "X's own"
        ("Traffic spiked. Skyway's own status page was slow too.", True),
        # a lower-case glossary word written as a name, again and again
        ("The Webhooks service was slow. Webhooks deliveries waited 20 minutes. Webhooks recovered at noon.", True),
        # a tool the text merely uses, twice, in a third-person text: its reader may not know it
        ("This change reads from the embedded Redix cache first. On a miss it asks Redix again.", False),
        # a name after a preposition, or in a later clause, is not what the first sentence is about
        ("The nightly export into Skyway failed for 3 nights. The report is stale.", False),
        ("Queue lag peaked at 3M on Saturday; the Skyway job was slow. It caught up by Monday.", False),
        # a provider named once in a first-person text
        ("The spike was caused by our hosting provider Skyway starting new machines.", False),
    ],
)
def test_what_a_text_is_about_is_its_subject(document: str, subject: bool) -> None:
    found = subjects(document, _index(CLOUDISH, STORE, HOOKS))
    assert bool(found) is subject, found


def test_the_subject_is_read_from_the_whole_text_not_the_part_the_reader_sees_first() -> None:
    # Only one "Skyway" is in the sentence that leads; the other is in a sentence moved to details.
    text = (
        "Today a fault in our core network caused an outage for Skyway services that lasted 27 minutes. "
        "We saw traffic drop by about 50% across our network. "
        "The outage did not reach the whole Skyway network and stayed in some regions."
    )
    out = plain_words(text, EXEC, _index(CLOUDISH), TermState(document=text), [])
    assert "cloud hosting company" not in out, out
    # the same sentence in another writer's text still explains the name
    alone = "The outage reached Skyway services for 27 minutes."
    assert "cloud hosting company" in plain_words(alone, EXEC, _index(CLOUDISH), TermState(), [])


def test_a_gloss_that_only_restates_the_term_is_left_out() -> None:
    index = _index(Term(term="error rate", category="general", plain="failure rate", style="explain"))
    out = plain_words("We cut the error rates of the export job to 2%.", EXEC, index, TermState(), [])
    assert "failure rate" not in out, out
    # plain words that add meaning are still given
    index = _index(Term(term="GPU memory", category="ml", plain="memory on the AI chip", style="explain"))
    out = plain_words("We ran out of GPU memory at noon.", EXEC, index, TermState(), [])
    assert "AI chip" in out, out


def test_a_common_word_inside_a_title_case_name_is_not_explained() -> None:
    index = _index(Term(term="fine-tune", category="ml", plain="further train", style="replace"))
    out = plain_words("The model was made for the Acme Fine-Tune Challenge.", EXEC, index, TermState(), [])
    assert out == "The model was made for the Acme Fine-Tune Challenge.", out
    # the same word in a sentence is still made plain
    out = plain_words("We fine-tune the model every week.", EXEC, index, TermState(), [])
    assert "further train" in out, out


def test_a_note_stays_small_next_to_its_sentence() -> None:
    index = _index(
        Term(term="endpoint", category="general", plain="web address a program calls for a function", style="explain"),
        Term(term="caching", category="general", plain="keeping fast temporary copies of data", style="explain"),
        Term(term="nginx", category="infrastructure", plain="web server and traffic router", style="explain"),
        Term(term="concurrency", category="general", plain="many things happening at once", style="explain"),
    )
    sentence = "This adds an endpoint for the caching test and tweaks the nginx and concurrency settings."
    out = plain_words(sentence, EXEC, index, TermState(), [])
    note = re.search(r"\(([^()]*)\)\.$", out)
    assert note is not None, out
    entries = note.group(1).split(". ")
    budget = max(NOTE_FLOOR, NOTE_SHARE * len(sentence.split()))
    # PAIR entries are always given, the ones that help most; one more only while the note fits its budget.
    assert len(entries) <= PAIR or len(note.group(1).split()) <= budget, out
    assert len(entries) >= 1, out


def test_a_short_sentence_still_gets_two_explanations() -> None:
    index = _index(
        Term(term="REST", category="general", plain="common style of web interface", style="explain"),
        Term(term="endpoint", category="general", plain="web address a program calls for a function", style="explain"),
    )
    out = plain_words("The v1 REST endpoints end soon.", EXEC, index, TermState(), [])
    assert "REST: common style" in out and "endpoints: web address" in out, out


def test_a_term_left_out_of_one_note_is_explained_in_a_later_part() -> None:
    index = _index(
        Term(term="endpoint", category="general", plain="web address a program calls for a function", style="explain"),
        Term(term="nginx", category="infrastructure", plain="web server and traffic router", style="explain"),
        Term(term="concurrency", category="general", plain="many things happening at once", style="explain"),
        Term(term="memcached", category="infrastructure", plain="fast shared memory store", style="explain"),
    )
    state = TermState()
    plain_words("It tweaks the endpoint, nginx, memcached and concurrency limits.", EXEC, index, state, [])
    later = plain_words("The endpoint is new.", EXEC, index, state, [])
    assert "web address" in later, later


def test_a_term_left_out_of_one_note_is_explained_where_the_text_meets_it_again() -> None:
    index = _index(
        Term(term="endpoint", category="general", plain="web address a program calls for a function", style="explain"),
        Term(term="nginx", category="infrastructure", plain="web server and traffic router", style="explain"),
        Term(term="concurrency", category="general", plain="many things happening at once", style="explain"),
        Term(term="memcached", category="infrastructure", plain="fast shared memory store", style="explain"),
    )
    edits: list[Edit] = []
    out = plain_words(
        "It tweaks the endpoint, nginx, memcached and concurrency limits. The endpoint now answers in 80 ms.",
        EXEC,
        index,
        TermState(),
        edits,
    )
    first, second = out.split(" The endpoint")
    assert "web address" not in first and "web address" in second, out
    assert sum(e.before == "endpoint" for e in edits) == 1, edits


def test_an_incident_report_does_not_gloss_its_own_product() -> None:
    result = COACH.translate(
        "On March 3 at 10:00 UTC, the GitHub Actions service experienced delays for 40 minutes. "
        "We rolled back the change and GitHub Actions runs resumed.",
        audience="executive",
    )
    assert "GitHub Actions:" not in result.rewrite and "GitHub Actions (" not in result.rewrite, result.rewrite


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("We deprovisioned the old admin accounts and added new ones.", "removed from all access the"),
        ("We triaged the open bugs and added new ones.", "sorted by urgency the"),
        ("We have had this phased out as deprecated since v4.", "phased out as phased out"),
    ],
)
def test_a_swap_never_breaks_the_verb_phrase_around_it(text: str, broken: str) -> None:
    assert broken not in COACH.translate(text, audience="executive").rewrite


def test_a_line_that_leads_into_a_list_keeps_its_colon_last() -> None:
    text = "Connections now last longer.\nBreaking changes in the API and SDK:\n- The old login call is gone."
    rewrite = COACH.translate(text, audience="executive").rewrite
    assert re.search(r"SDK \([^()]*\):\n", rewrite), rewrite


def test_a_markdown_heading_gets_no_gloss() -> None:
    from coach.features.translate.plainwords import TermState, plain_words
    from coach.readers import get_audience

    index = COACH.context().index
    out = plain_words("## Learning rate ablation\n", get_audience("executive"), index, TermState(), [])
    assert out == "## Learning rate ablation\n", out


def test_a_verb_after_its_subject_is_not_the_plural_noun() -> None:
    rewrite = COACH.translate(
        "The zone went down. It hosts many of our servers and disks.", audience="executive"
    ).rewrite
    assert "It hosts many" in rewrite and "hosts:" not in rewrite, rewrite


def test_a_code_shaped_name_the_glossary_knows_gets_its_plain_words_not_a_kind() -> None:
    # "node.js" looks like code (a dotted name) but it is a product the glossary knows; "lru" as a dependency is a
    # library, not the caching rule its acronym LRU names.
    result = Coach(Settings(engine="offline", COACH_GLOSSARY=None)).translate(
        "- Dropped node.js 8 support in favour of node.js 12\n- Updated dependencies: removed `lru`, added `tinycache`",
        audience="executive",
    )
    text = result.rewrite + result.details
    assert "node.js: system for running" in text, text
    assert "a name in the code" not in text, text
    assert "`lru`, `tinycache`: code libraries" in text, text
    assert result.why_it_matters is None or not result.why_it_matters.startswith("Result"), result.why_it_matters


def test_a_note_follows_the_reference_that_closes_the_line() -> None:
    rewrite = COACH.translate(
        "Release 7\n\n* Fix failure when reading a value of type :ref:`uuid_type`. (:issue:`854`)\n* Fix a typo.",
        audience="executive",
    ).rewrite
    assert "`uuid_type`. (:issue:`854`). (`uuid_type`: a name in the code)" in rewrite, rewrite


@pytest.mark.parametrize(
    ("text", "expected", "broken"),
    [
        (
            "It achieves a WER of 14.4 on the test set.",
            "WER (share of words transcribed wrongly) of 14.4",
            "wrongly of",
        ),
        ("The model has a recall of 92% on new tickets.", "recall of 92%", "catches of"),
        ("- WER: 7.99", "WER (share of words transcribed wrongly): 7.99", "wrongly: 7.99"),
    ],
)
def test_a_metric_that_takes_a_value_is_explained_not_swapped(text: str, expected: str, broken: str) -> None:
    rewrite = COACH.translate(text, audience="executive").rewrite
    assert expected in rewrite and broken not in rewrite.replace(expected, ""), rewrite


def test_a_note_never_lands_after_an_abbreviation_inside_a_sentence() -> None:
    rewrite = COACH.translate(
        "The primary Acme, Inc. registry is having issues with its database replicas today.", audience="executive"
    ).rewrite
    assert "Inc. registry is having issues" in rewrite, rewrite


def test_a_verb_with_its_particle_is_not_glossed_as_the_verb_alone() -> None:
    # "hung up" is a closed connection, not a stuck one; and a bracket between verb and particle breaks both.
    text = "Once we restarted this process, our service recovered. The queue connection hung up and could not recover."
    rewrite = COACH.translate(text, audience="executive").rewrite
    assert "hung up" in rewrite and "stuck while still running" not in rewrite, rewrite
    text = "Once we restarted this process, our service recovered. The queue connection hung for an hour."
    assert "stuck while still running" in COACH.translate(text, audience="executive").rewrite
