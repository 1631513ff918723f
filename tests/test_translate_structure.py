"""What goes in the main text and what moves to `details` (structure.py), on made-up texts of the shapes that real
changelogs, model cards and release notes have (issue #8: "the point of the text lands in details")."""

from __future__ import annotations

import re

import pytest

from coach import Coach, Settings
from coach.features.translate.structure import plan, units

COACH = Coach(Settings(engine="offline", COACH_GLOSSARY=None))
EXEC = ("decision", "customers", "money", "risk", "result", "time", "users")


def test_a_blank_line_ends_a_title_with_no_full_stop() -> None:
    text = "Retirement of the v2 reporting screens\n\nWe will retire them on 3 March. Exports keep working."
    assert [u.text for u in units(text) if u.text] == [
        "Retirement of the v2 reporting screens",
        "We will retire them on 3 March.",
        "Exports keep working.",
    ]
    assert "".join(u.raw for u in units(text)) == text


def test_a_title_keeps_its_own_line_in_the_rewrite() -> None:
    result = COACH.translate(
        "Retirement of the v2 reporting screens\n\nWe will retire them on 3 March. Exports keep working.",
        audience="executive",
    )
    assert "screens\nWe will retire" in result.rewrite, result.rewrite


def test_the_action_asked_of_the_reader_stays_in_the_main_text() -> None:
    text = (
        "Retirement of the v7 storage driver on 1 June.\n\n"
        "This retirement aligns with our updated nine-month support policy, ensuring users run supported versions "
        "with the latest features and security improvements.\n\n"
        "Teams still running the v7 driver should move to v8 as soon as possible."
    )
    layout = plan(units(text), EXEC, 45, 3)
    main = " ".join(u.text for u in layout.main)
    assert "should move to v8 as soon as possible" in main, main


@pytest.mark.parametrize("told", ["No customer action is needed.", "No action is required from your team."])
def test_being_told_no_action_is_needed_is_an_answer_the_reader_keeps(told: str) -> None:
    text = f"The flaw in the upload parser is no longer exploitable. We rebuilt the parser image within 4 hours. {told}"
    layout = plan(units(text), EXEC, 30, 2)
    main = " ".join(u.text for u in layout.main)
    assert told in main, main


@pytest.mark.parametrize(
    "aside",
    [
        "Historically, the export job ran every night and nobody complained about the delay it caused for customers.",
        "In future, the same cache can be used for the billing pages to save money on database costs for customers.",
    ],
)
def test_background_fills_the_budget_last(aside: str) -> None:
    text = f"The export page now loads in 2 seconds instead of 9. {aside} The change shipped to all customers today."
    layout = plan(units(text), EXEC, 25, 2)
    main = " ".join(u.text for u in layout.main)
    assert aside not in main and "shipped to all customers today" in main, main


def test_a_list_intro_never_stays_without_its_items() -> None:
    text = (
        "This model is a version of the base classifier trained further on the public reviews data collection.\n"
        "It achieves the following results on the held-out reviews:\n"
        "- Precision on the long reviews written in the last year: 0.81\n"
        "- Recall on the long reviews written in the last year: 0.77\n"
    )
    layout = plan(units(text), EXEC, 30, 2)
    main = [u.text for u in layout.main]
    intro = "It achieves the following results on the held-out reviews:"
    assert intro not in main or any(t.startswith("- ") for t in main), main


def test_a_few_short_results_become_one_sentence_for_a_reader_who_decides() -> None:
    text = (
        "This model is a tuned version of the base classifier on the reviews data collection.\n"
        "It achieves the following results on the held-out reviews:\n- Loss: 0.3739\n- Accuracy: 0.9128\n"
    )
    result = COACH.translate(text, audience="executive")
    assert "held-out reviews: Loss 0.3739 and Accuracy 0.9128." in result.rewrite, result.rewrite
    assert not result.fact_check.missing, result.fact_check
    # Readers who keep the writer's wording keep the list.
    assert "- Accuracy: 0.9128" in COACH.translate(text, audience="data-scientist").rewrite


def test_no_heading_is_left_alone_in_details() -> None:
    text = (
        "## [3.2.0] - 2024-05-02\n\n### Added\n\n- Added an export button to every report page for customers.\n\n"
        "### Fixed\n\n- Fixed the date picker that reset itself when a user changed the time zone in settings.\n"
        "- Fixed a crash when a report had no rows at all and the user asked for a chart of it.\n"
    )
    layout = plan(units(text), EXEC, 15, 1)
    details = [u.text for u in layout.details]
    for i, line in enumerate(details):
        if line.startswith("###"):
            assert i + 1 < len(details) and not details[i + 1].startswith("#"), details
    assert "## [3.2.0] - 2024-05-02" in details  # a heading with a figure is kept: no number is dropped


def test_a_heading_that_names_something_is_never_dropped() -> None:
    text = (
        "### Evaluation Data\n\n- Scored on 500 support tickets from the last quarter.\n\n"
        "### Results\n\n- Finds 91% of the urgent tickets the support team marked by hand.\n"
    )
    result = COACH.translate(text, audience="executive")
    assert not result.fact_check.missing, (result.rewrite, result.details)


def test_a_heading_that_tells_the_reader_something_comes_along() -> None:
    text = (
        "## Breaking changes\n\n- The v1 login endpoint is removed; customers must use the v2 endpoint.\n\n"
        "## Other\n\n- Tidied the logging of the report builder so that its lines are shorter and easier to read.\n"
    )
    layout = plan(units(text), EXEC, 20, 3)
    main = [u.text for u in layout.main]
    removed = "- The v1 login endpoint is removed; customers must use the v2 endpoint."
    assert main[:2] == ["## Breaking changes", removed], main


def test_a_short_layout_keeps_the_measured_result() -> None:
    text = (
        "- First release of the call summariser from the speech team -\n\n"
        "Achieves a word error rate of 14.4 on the test calls\n\n"
        "Training used 10 hours of audio.\n\nA100 + 2(T4)\n"
    )
    result = COACH.translate(text, audience="executive")
    assert "14.4" in result.rewrite, result.rewrite


@pytest.mark.parametrize(
    ("sentence", "second"),
    [
        (
            "A change to the scheduler that runs the nightly jobs included a library upgrade that caused a lock "
            "issue in every worker.",
            "This upgrade caused a lock issue in every worker.",
        ),
        (
            "After the outage in March the platform team finally removed the old nightly reports that caused most "
            "of the "
            "delays for the billing service.",
            "These reports caused most of the delays for the billing service.",
        ),
    ],
)
def test_a_long_sentence_splits_at_a_past_tense_that_clause(sentence: str, second: str) -> None:
    result = COACH.translate(sentence, audience="data-scientist")  # keeps the writer's words: only the split shows
    assert second in result.rewrite, result.rewrite


@pytest.mark.parametrize(
    "sentence",
    [
        "Nobody on the support rota had noticed the fact that reduced capacity in the second region was the cause "
        "of the slow pages.",
        # "that" may belong to the layer or to the pages: no split that could pick the wrong one
        "On Monday the team shipped a new caching layer for the search pages that reduced the load on the "
        "primary database by half.",
        "The outage last week mainly involved a subset of the storage volumes in one zone within the eastern "
        "region that stopped answering read requests for hours.",
    ],
)
def test_no_split_where_the_that_clause_has_no_clear_head(sentence: str) -> None:
    rewrite = COACH.translate(sentence, audience="data-scientist").rewrite
    assert not re.search(r"\. (?:This|These) \w+ (?:reduced|caused|stopped)", rewrite), rewrite


def test_a_term_explained_once_costs_the_budget_once() -> None:
    text = (
        "### Changed\n\n- Raise the export timeout from `10 s` to `60 s` so large reports finish.\n\n"
        "### Changed\n\n- Raise the import timeout from `20 s` to `90 s` so large uploads finish.\n"
    )
    result = COACH.translate(text, audience="executive")
    assert "import timeout" in result.rewrite and "export timeout" in result.rewrite, result.rewrite


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In order to fix it, we restarted the servers on Monday.", "To fix it, we restarted the servers on Monday."),
        # A capital inside a sentence is a name: the company Tremendous stays, the adjective is shortened.
        (
            "Yesterday Tremendous had a tremendous amount of traffic.",
            "Yesterday Tremendous had a huge amount of traffic.",
        ),
        # a shorter verb takes the frame it needs: "identified as" is "found to be", never "found as"
        ("The slowdown was identified as a full disk.", "The slowdown was found to be a full disk."),
    ],
)
def test_wordy_phrases_keep_capitals_and_names(text: str, expected: str) -> None:
    assert COACH.translate(text, audience="data-scientist").rewrite == expected


def test_a_strong_sentence_that_leans_back_brings_the_one_it_leans_on() -> None:
    text = (
        "On 3 May, the export service experienced degradation for customers. "
        "Nothing else changed for the team. "
        "We moved the export job to the new queue. "
        "This cut the monthly bill by $4,000."
    )
    layout = plan(units(text), EXEC, 60, 3)
    main = [u.text for u in layout.main]
    assert main == [
        "On 3 May, the export service experienced degradation for customers.",
        "We moved the export job to the new queue.",
        "This cut the monthly bill by $4,000.",
    ], main


@pytest.mark.parametrize(
    ("sentence", "split"),
    [
        (
            "On May 2 our monitors saw a higher than normal failure rate for new sign-ups in the west region, caused "
            "by slower than normal replies from our payment provider.",
            "west region. This was caused by slower than normal replies",
        ),
        (
            "After the first fix, a second issue from 18:21 to 21:14 UTC caused further delays in monthly reports "
            "due to failing checks in the service that hands out the report jobs.",
            "monthly reports. This was due to failing checks",
        ),
    ],
)
def test_a_long_sentence_splits_at_its_cause(sentence: str, split: str) -> None:
    rewrite = COACH.translate(sentence, audience="data-scientist").rewrite
    assert split in rewrite, rewrite


@pytest.mark.parametrize(
    "text",
    [
        "On March 3, between 09:10 and 11:45 UTC, the invoice export service experienced degradation. "
        "During this period, 4% of export requests failed. "
        "We moved export traffic to the second region at 10:30 UTC, reducing failed requests to below 1% for "
        "customers.",
        # what the team did "immediately" is not an ask of the reader and does not outrank what customers met
        "On May 9, 2024 from 9:05 AM PDT to 10:40 AM PDT, customers of Acmechat may have seen slow uploads. "
        "A routine database move reduced capacity. "
        "We paused the nightly export job to immediately lower the load on the database.",
    ],
)
def test_an_incident_opening_with_its_time_window_stays_first(text: str) -> None:
    result = COACH.translate(text, audience="executive")
    assert result.rewrite.startswith(text[:20]), result.rewrite


def test_the_second_half_of_a_split_sentence_never_comes_without_the_first() -> None:
    text = (
        "On March 2, at 09:10 UTC, customers in Oslo saw slow sign-ins for two hours. "
        "Investigation showed that a faulty network switch in the Oslo data centre was causing it. "
        "The device was taken offline at 11:05 UTC, which ended the outage for customers."
    )
    all_units = units(text)
    alone = plan(all_units, EXEC, 34, 3)
    assert [u.index for u in alone.main] == [0, 2]  # fits alone: the budget has no room for both
    split = plan(all_units, EXEC, 34, 3, continued=frozenset({2}))  # as if unit 2 were split off unit 1
    assert 2 not in [u.index for u in split.main], split.main


def test_a_company_suffix_does_not_end_a_sentence() -> None:
    assert [u.text for u in units("The Acme, Inc. registry is slow for buyers. We are on it.")] == [
        "The Acme, Inc. registry is slow for buyers.",
        "We are on it.",
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Steps were taken to address the additional load on the web servers.", "the additional load"),
        ("We bought a sufficient amount of disk for the archive.", "a sufficient amount"),
    ],
)
def test_a_shorter_word_that_is_a_determiner_never_follows_an_article(text: str, kept: str) -> None:
    assert kept in COACH.translate(text, audience="data-scientist").rewrite


def test_a_restructuredtext_title_is_a_heading_not_the_message() -> None:
    text = (
        "=========================\nRelease 4.2 (3 March 2025)\n=========================\n\n"
        "General changes\n---------------\n\n"
        "* Fix a crash when a report has no rows at all.\n"
        "* Add an export button to every report page.\n"
    )
    result = COACH.translate(text, audience="executive")
    assert not result.rewrite.startswith("="), result.rewrite
    assert "Fix a crash" in result.rewrite, result.rewrite
    assert not result.fact_check.missing, result.fact_check


def test_a_wrapped_list_item_stays_one_item_and_a_bare_reference_is_not_a_part() -> None:
    text = (
        "* Fix a leak in the memory report. (:issue:`843`)\n"
        "* Allow matching table names in any case. This can be enabled by setting\n"
        "  the ``case-insensitive`` option to true. (:issue:`872`)\n"
    )
    assert [u.kind for u in units(text)] == ["item", "item"]
    layout = plan(units("We fixed the memory report for customers.\n(:issue:`843`)\n"), EXEC, 60, 3)
    assert [u.text for u in layout.main] == ["We fixed the memory report for customers."]


def test_a_bracketed_note_is_part_of_its_sentence_in_the_budget() -> None:
    from coach.flow.postchecks import sentence_count

    assert sentence_count("We fixed it. (DB: database. replication: copying between servers). It is fast now.") == 2


def test_a_hard_wrapped_sentence_counts_once_in_the_budget() -> None:
    from coach.flow.postchecks import sentence_count

    wrapped = (
        "The retry ran again after a timeout even when the\nfirst charge had succeeded, so 212 customers paid twice."
    )
    assert sentence_count(wrapped) == 1
    assert sentence_count("- Fixed the retries\n- Raised the timeout") == 2
    # so a three-sentence budget holds the refund too, not only the wrapped sentence before it
    text = f"We fixed the double-charge bug. {wrapped} Refunds of $18,430 went out on Friday."
    assert "Refunds of $18,430" in COACH.translate(text, audience="executive").rewrite


def test_a_term_takes_its_sense_from_the_whole_text_not_only_its_part() -> None:
    from coach.features.translate.plainwords import TermState, plain_words
    from coach.readers import get_audience

    part = "We never shipped the affected build to customer-facing hosts."
    whole = part + " The internal build servers were patched within 4 hours."
    index = COACH.context().index
    alone = plain_words(part, get_audience("executive"), index, TermState(), [])
    in_text = plain_words(part, get_audience("executive"), index, TermState(document=whole), [])
    assert "hosts" in alone and "servers" in in_text, (alone, in_text)


def test_a_changelog_keeps_its_version_with_the_items_it_shows() -> None:
    text = "## v1.4.0 (2024-05-02)\n\n- Added an export button to every report page.\n- Fixed the date picker.\n"
    result = COACH.translate(text, audience="executive")
    assert result.rewrite.startswith("## v1.4.0 (2024-05-02)"), result.rewrite


def test_where_an_incident_stands_outranks_how_it_was_found() -> None:
    text = (
        "We had a global outage of the checkout page on June 8, caused by a bad settings change. "
        "Our alerts fired within one minute and the on-call engineer started looking at the dashboards. "
        "The engineer then paged the database team and the network team to join the call. "
        "Within 49 minutes, 95% of checkouts were back to normal."
    )
    layout = plan(units(text), EXEC, 45, 2)
    assert "Within 49 minutes, 95% of checkouts were back to normal." in [u.text for u in layout.main]


def test_these_versions_come_after_the_line_that_names_them() -> None:
    text = (
        "Retirement of the storage driver versions 7.1, 7.2 and 7.3\n\n"
        "This retirement aligns with our updated nine-month support policy introduced with version 7.3, ensuring "
        "users run supported versions with the latest features and security improvements.\n\n"
        "Teams still running these versions should move to version 8 as soon as possible."
    )
    result = COACH.translate(text, audience="executive")
    lines = result.rewrite.split("\n")
    assert lines[0].startswith("Retirement of the storage driver versions"), result.rewrite
    assert "Teams still running these versions should move" in result.rewrite, result.rewrite


def test_a_bold_stretch_is_never_cut_in_two() -> None:
    text = "**Warning: this model is retired. Use the new one instead.** It stays online until June."
    assert units(text)[0].text == "**Warning: this model is retired. Use the new one instead.**"


@pytest.mark.parametrize(
    "sentence",
    [
        "This library change, coupled with a failure to scale up quickly due to increased batch scheduling, caused "
        "the main work queue to build up for hours.",
        "At 11pm the engineer thinks that perhaps the backup is refusing to work due to the data folder being "
        "present (despite being empty), decides to remove the folder.",
    ],
)
def test_no_split_at_a_cause_the_sentence_goes_on_after(sentence: str) -> None:
    rewrite = COACH.translate(sentence, audience="data-scientist").rewrite
    assert "This was due to" not in rewrite, rewrite


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        (
            "On May 2 a network change took down our routers, causing an outage of the public API for 14 minutes, "
            "the mobile apps for 17 minutes, and the billing dashboard for 17 minutes.",
            "The billing dashboard for 17 minutes.",
        ),
        (
            "We are sharing these details to give our customers an understanding of the cause, how we fixed it, and "
            "what we are doing to prevent similar problems from happening again.",
            "What we are doing",
        ),
    ],
)
def test_an_and_with_no_clause_after_it_is_no_place_to_split(sentence: str, fragment: str) -> None:
    result = COACH.translate(sentence, audience="executive")
    assert fragment not in f"{result.rewrite}\n{result.details}", result.rewrite


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("Traffic is restored. Only about half of our userbase could get back online meanwhile.", False),
        ("Published packages were unable to install for two hours.", False),
        ("We refactored the parser module and renamed two classes.", True),
    ],
)
def test_no_business_impact_warning_only_when_none_is_stated(text: str, warned: bool) -> None:
    warnings = COACH.translate(text, audience="executive").warnings
    assert any("No business impact" in w for w in warnings) == warned, warnings


def test_declaring_an_incident_is_process_not_what_customers_met() -> None:
    text = (
        "At about 18:55, one of our database clusters began to show high read activity on its disks. "
        "By 19:30, this began to slow down job start times for customers. "
        "On-call engineers were alerted, and a public incident was declared at 20:02."
    )
    layout = plan(units(text), EXEC, 40, 2)
    assert "By 19:30, this began to slow down job start times for customers." in [u.text for u in layout.main]


def test_what_a_component_is_does_not_outrank_what_happened() -> None:
    from coach.features.translate.worth import score

    definition = "The Atlas hub is the component that handles updates to the build status for customers."
    event = "The Atlas hub stopped handling updates for customers for two hours."
    assert score(definition, EXEC) < score(event, EXEC)


def test_how_an_incident_ended_follows_the_incident_and_is_kept() -> None:
    text = (
        "We had a global outage of the checkout page. "
        "It was caused by a bad settings change that a customer made in the admin console. "
        "We found the disruption within one minute and turned the setting off. "
        "Within 49 minutes, 95% of checkouts were working as normal."
    )
    rewrite = COACH.translate(text, audience="executive").rewrite
    assert rewrite.startswith("We had a global outage"), rewrite
    assert "Within 49 minutes, 95% of checkouts were working as normal." in rewrite, rewrite


def test_a_consequence_joined_back_never_opens_with_a_sentence_that_leans_itself() -> None:
    # "This was resolved…" joined back onto "This slowdown added…" would open the message with "This slowdown".
    text = (
        "After the first fix, a second fault from 14:02 to 15:40 UTC slowed checkout for shoppers in Europe. "
        "This slowdown added an average of 12 seconds to each payment. "
        "This was resolved with a configuration change."
    )
    result = COACH.translate(text, audience="executive")
    assert not re.match(r"\W*(?:This|That|It)\b", result.rewrite), result.rewrite


def test_a_form_field_line_is_not_the_wrapped_end_of_the_sentence_above() -> None:
    text = "Added a nightly export of invoices, fixed two rounding bugs\nIssue link: #412\nFixes #413"
    assert [u.text for u in units(text) if u.text] == [
        "Added a nightly export of invoices, fixed two rounding bugs",
        "Issue link: #412",
        "Fixes #413",
    ]
    assert "bugs Issue" not in COACH.translate(text, audience="executive").rewrite


def test_how_an_incident_ended_is_cut_from_a_sentence_that_leans_and_fits_the_budget() -> None:
    # The ending is the last clause of a "This …" sentence: alone it stands, and it is what a decider asks first.
    text = (
        "At 09:10 UTC, one of our payment databases began to answer slowly for card payments in Europe. "
        "This got worse over time, and by 09:40 it delayed checkout for many shoppers. "
        "On-call engineers were paged, and an incident was declared at 09:45. "
        "We found a runaway report query and stopped it at 10:20. "
        "This freed the database and payments returned to normal by 10:31."
    )
    result = COACH.translate(text, audience="executive")
    assert "Payments returned to normal by 10:31." in result.rewrite, result.rewrite
    assert "This freed the database." in result.details, result.details


def test_the_label_over_a_chosen_list_item_comes_along_and_takes_no_gloss() -> None:
    # Two equal items under two labels would read as one said twice without them; a reStructuredText release title
    # over-and-underlined with "=" is the top of the document, its "-" section titles sit under it.
    text = (
        "=====================\nRelease 42 (3 May 2024)\n=====================\n\n"
        "Web Changes\n-----------\n\n* Fix failure when exporting a report. (:issue:`12`)\n\n"
        "CLI Changes\n-----------\n\n* Fix failure when exporting a report. (:issue:`12`)\n"
    )
    result = COACH.translate(text, audience="executive")
    assert result.rewrite.startswith("Release 42 (3 May 2024)\nWeb Changes\n* Fix"), result.rewrite
    assert "CLI Changes\n* Fix" in result.rewrite, result.rewrite
    assert "CLI Changes (" not in result.rewrite and "CLI Changes." not in result.rewrite, result.rewrite


def test_a_release_note_written_in_a_prose_fence_is_read_as_prose_and_may_lead() -> None:
    text = (
        "## Which issue this resolves\n\nResolves #77\n\n## Release note\n\n"
        "```release-note\nCut the nightly export time for large accounts from 3 hours to 40 minutes.\n```\n\n"
        "## Notes for reviewers\n\nThe export query now uses `idx_account_day`, created before the backfill runs.\n"
        "```sql\nCREATE INDEX idx_account_day ON exports (account_id, day);\n```\n"
    )
    result = COACH.translate(text, audience="executive")
    assert "Cut the nightly export time for large accounts from 3 hours to 40 minutes." in result.rewrite
    assert "```release-note" not in result.rewrite
    assert "```sql\nCREATE INDEX idx_account_day ON exports (account_id, day);\n```" in result.rewrite + result.details


def test_a_markdown_link_definition_is_never_read_as_a_sentence() -> None:
    result = COACH.translate(
        "Uses [swr][swr] for fetching, which retries failed requests three times.\n\n"
        "[swr]: https://github.com/vercel/swr\n",
        audience="executive",
    )
    assert "[swr]: https://github.com/vercel/swr" not in result.rewrite
    assert "[swr]: https://github.com/vercel/swr" in result.details


def test_a_colon_before_a_list_of_things_is_no_place_to_split() -> None:
    sentence = (
        "It has been trained to recognise five kinds of records: invoices (INV), receipts (RCT), orders (ORD), "
        "refunds (REF) and notes (NTE)."
    )
    assert COACH.translate(sentence, audience="executive").rewrite.startswith(sentence[:-1]), sentence


def test_a_title_case_line_alone_between_blank_lines_is_a_heading_not_a_sentence() -> None:
    text = (
        "The billing page failed for 20 minutes on Monday. It is back to normal.\n\n"
        "What We Changed\n\n"
        "We added an alert on the payment queue."
    )
    kinds = {u.text: u.kind for u in units(text)}
    assert kinds["What We Changed"] == "heading"
    assert kinds["It is back to normal."] == "sentence"
    # a title in sentence case, or a line that runs on into its paragraph, stays a sentence
    assert units("Retirement of the v2 reporting screens\n\nWe retire them in May.")[0].kind == "sentence"
    assert units("Billing Was Down\nfor an hour.")[0].kind == "sentence"
    result = COACH.translate(text, audience="executive")
    assert not re.search(r"[.!?] What We Changed", result.rewrite), result.rewrite  # never read on as a sentence


def test_a_bold_label_that_opens_a_paragraph_is_a_heading_but_a_bold_claim_is_not() -> None:
    label, claim = (
        units("**Llama family of models.** Token counts refer to training data."),
        units("**We cut the bill by 40%.** The rest is detail."),
    )
    assert [u.kind for u in label] == ["heading", "sentence"]
    assert [u.kind for u in claim] == ["sentence", "sentence"]


def test_how_the_incident_ended_needs_only_the_incident_not_the_step_before_it() -> None:
    text = (
        "From 18:21 to 21:14 UTC, job runs for customers were delayed by failing health checks. "
        "The failing checks restarted the job service over and over, cutting its capacity by half for the whole time. "
        "This was resolved with a service deployment."
    )
    layout = plan(units(text), EXEC, 40, 2)
    main = " ".join(u.text for u in layout.main)
    assert main.startswith("From 18:21") and main.endswith("This was resolved with a service deployment."), main
    # a sentence that points at the step before it still needs that step
    text = text.replace("This was resolved with a service deployment.", "This added a 45 second delay to each job.")
    main = " ".join(u.text for u in plan(units(text), EXEC, 40, 2).main)
    assert "45 second" not in main, main


def test_when_how_it_ended_cannot_lead_the_next_strongest_part_may() -> None:
    text = (
        "The upload service is having trouble copying new files between its two data stores. "
        "Files upload fine, but customers cannot open them in the app until the second store has them. "
        "We are investigating the situation and hope to have it resolved shortly."
    )
    layout = plan(units(text), EXEC, 60, 3)
    assert layout.main[0].text.startswith("Files upload fine, but customers cannot open them"), layout.main
    # a strongest part that points back ("during this incident") leaves the writer's order alone
    text = (
        "On March 1 our monitors saw slow answers from the invoice service. "
        "Initial impact was failed downloads for 0.5% of customers during this incident. "
        "We found the cause to be a bad disk."
    )
    assert plan(units(text), EXEC, 60, 3).main[0].text.startswith("On March 1")


def test_an_item_that_only_fills_the_budget_stays_with_its_peers() -> None:
    text = (
        "## 2.0.0\n\n### Changed\n\n"
        "- Dropped support for version 9 of the runtime; customers must move to version 10.\n"
        "- Billing exports now run every hour instead of every day, so customers see charges sooner.\n\n"
        "### Fixed\n\n- Properly listen for all events\n- Properly check for enabled hooks in the background worker "
        "when the worker restarts after a deploy\n"
    )
    layout = plan(units(text), EXEC, 45, 3)
    main = " ".join(u.text for u in layout.main)
    assert "Properly listen" not in main, main  # its peer cannot come along, so it stays with it in details
    assert "customers must move to version 10" in main, main


def test_a_cve_id_is_a_risk() -> None:
    from coach.analysis.impact import signals

    assert "risk" in signals("**CVE-2021-22930**: Use after free on close of a stream (High)")


def test_what_a_pull_request_tells_its_reviewer_is_not_the_message() -> None:
    text = (
        "### What this PR does\nfix a timing bug that made the nightly billing tests fail for customers.\n\n"
        "### How to verify it\nRunning tests with flag `-race`.\n"
    )
    result = COACH.translate(text, audience="executive")
    assert "-race" not in result.rewrite and "-race" in (result.details or ""), result.rewrite


def test_the_part_the_writer_calls_most_notable_comes_with_the_lead() -> None:
    text = (
        "The 2.0 release adds a new export screen, and also includes some design changes. The most notable of these "
        "is that saved reports are no longer shared with the whole team by default. For example, previously a report "
        "made by one analyst was visible to 40 colleagues at once. If you do want the old sharing, you can turn it "
        "back on in the settings page of each report."
    )
    main = " ".join(u.text for u in plan(units(text), EXEC, 60, 3).main)
    assert "The most notable of these" in main, main


def test_the_message_never_opens_with_a_connective() -> None:
    text = "However, the export job now finishes in 2 minutes instead of 9, so customers get reports before 8am."
    result = COACH.translate(text, audience="executive")
    assert result.rewrite.startswith("The export job now finishes"), result.rewrite
    assert COACH.translate(text, audience="data-scientist").rewrite.startswith("However,")  # a reader who reads all


def test_a_label_that_only_names_a_part_of_the_report_is_not_shown() -> None:
    text = (
        "Incident Overview:\n"
        "On August 29 the login service was down for customers for 40 minutes. It is back to normal.\n"
    )
    assert not COACH.translate(text, audience="executive").rewrite.startswith("Incident Overview"), text


def test_how_it_ended_that_points_back_gives_way_to_the_impact() -> None:
    text = (
        "On October 6 at 11:33 UTC our administrators received several alerts about slow database answers. "
        "During that window, customers could not create or delete services in our Toronto data center. "
        "This quickly mitigated the impact on customers."
    )
    layout = plan(units(text), EXEC, 60, 3)
    assert layout.main[0].text.startswith("During that window, customers could not"), layout.main
