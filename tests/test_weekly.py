"""The weekly update, offline: classification, 1–5 items, renderers, the empty week, drafting from the log."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from llm_server import LLMServer

from coach import Coach, Settings
from coach.data import PROMPTS_DIR
from coach.errors import InputError
from coach.features.weekly import PLACEHOLDERS, SECTIONS, Note, WeeklyResult, cap, notes_from_text
from coach.features.weekly.chain import WeeklyDraft
from coach.features.weekly.offline import classify_note
from coach.features.weekly.rank import Ranked, importance, ranked
from coach.features.weekly.sections import MORE_CHARS, cap_section
from coach.model.prompts import load_prompt
from coach.store import Store

WEEK = "2026-W10"
WHEN = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday in 2026-W10


def make_weekly(notes: list[Note], *, week: str, reader: str = "manager", fmt: str = "markdown") -> WeeklyResult:
    """The weekly feature through the one flow, offline engine."""
    result = Coach(Settings(_env_file=None, COACH_ENGINE="offline")).run(
        "weekly", notes=notes, week=week, reader=reader, fmt=fmt
    )
    assert isinstance(result, WeeklyResult)
    return result


def coach_for(tmp_path: Path) -> Coach:
    settings = Settings(_env_file=None, COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}")  # type: ignore[call-arg]
    return Coach.from_settings(settings)


@pytest.mark.parametrize(
    ("note", "section"),
    [
        ("migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms", "progress"),
        ("Shipped dark mode to 10% of users. Will roll out to everyone next week.", "progress"),
        ("Fixed the checkout bug that double-charged 12 customers", "progress"),
        ("Resolved the outage on the EU cluster", "progress"),
        ("Completed JIRA-4411", "progress"),
        ("Had 3 final round interviews for head of X, none successful, 2 more lined up next week", "problems"),
        ("EU rollout blocked on legal review", "problems"),
        ("Checkout outage on Tuesday: 40 min downtime for EU customers", "problems"),
        ("Migration delayed; will finish next week", "problems"),
        ("Waiting on the vendor for API keys", "problems"),
        ("Q3 launch at risk: design not ready", "problems"),
        ("The fraud model still failing on new merchants", "problems"),
        ("GPU quota request for Q3 denied by finance", "problems"),
        ("Our DPA was rejected by the customer's legal team", "problems"),
        ("The vendor refused to extend the trial", "problems"),
        ("Candidate declined the offer", "problems"),
        ("Staging was down most of Thursday", "problems"),
        ("Payments API went down twice", "problems"),
        ("Error rate went down from 2.1% to 0.3%", "progress"),  # a metric going down is a result
        ("Latency declined by 30% after the cache", "progress"),
        ("We declined the vendor's renewal offer", "progress"),  # our own decision, not a setback
        ("Fixed the memory leak, but the root cause is still unknown", "problems"),
        ("Next week: finish the invoice export", "plan"),
        ("Will start the SOC 2 audit prep on Monday", "plan"),
        ("2 more interviews lined up", "plan"),
        ("Plan to hire 2 SREs by end of quarter", "plan"),
        ("Tomorrow: demo the new onboarding to sales", "plan"),
    ],
)
def test_notes_are_filed_under_the_right_section(note: str, section: str) -> None:
    assert classify_note(note) == section


def test_a_tagged_kind_wins_over_the_cues() -> None:
    result = make_weekly([Note("Will be great", "progress"), Note("Blocked on legal", "plan")], week=WEEK)

    assert result.progress == ["Will be great"]
    assert result.plan == ["Blocked on legal"]


def test_headings_in_notes_file_the_lines_under_them() -> None:
    notes = notes_from_text("Done:\n- Launched search\n\n## Blockers\n* Legal review\nNext week\n- Hire", limit=9999)

    assert [(n.text, n.section) for n in notes] == [
        ("Launched search", "progress"),
        ("Legal review", "problems"),
        ("Hire", "plan"),
    ]


@pytest.mark.parametrize(
    ("line", "text", "section"),
    [
        ("Plan: ship the invoice export", "ship the invoice export", "plan"),
        ("Next sprint - load test checkout", "Next sprint - load test checkout", "plan"),
        ("Next: load test checkout", "load test checkout", "plan"),
        ("Next week: hire 2 SREs", "Next week: hire 2 SREs", "plan"),  # a date: kept
        ("Plan - migrate billing", "migrate billing", "plan"),
        ("TODO: write the runbook", "write the runbook", "plan"),
        ("- **Next steps:** finish the export", "finish the export", "plan"),
        ("Problem: CI is flaky", "CI is flaky", "problems"),
        ("Blocked: legal review of the EU DPA", "legal review of the EU DPA", "problems"),
        ("Risk: launch may slip a week", "launch may slip a week", "problems"),
        ("* Done: migrated billing to Postgres 16", "migrated billing to Postgres 16", "progress"),
        ("Shipped: search v2 to 10% of users", "search v2 to 10% of users", "progress"),
        ("Shipped search v2", "Shipped search v2", None),  # no separator: a sentence, not a label
        ("Plan-based pricing is live", "Plan-based pricing is live", None),
    ],
)
def test_a_labelled_line_is_filed_by_its_label_without_it(line: str, text: str, section: str | None) -> None:
    (note,) = notes_from_text(line, limit=9999)

    assert (note.text, note.section) == (text, section)


def test_a_label_on_a_line_wins_over_the_heading_above_it() -> None:
    notes = notes_from_text("Done:\n- Launched search\n- Blocked: legal review\n- Cut costs 10%", limit=9999)

    assert [n.section for n in notes] == ["progress", "problems", "progress"]


@pytest.mark.parametrize("line", ["Blockers: none", "Problems: n/a", "Risks: None.", "Issues: -"])
def test_an_empty_label_adds_no_item(line: str) -> None:
    notes = notes_from_text(f"Shipped search to all users\n{line}", limit=9999)

    assert [n.text for n in notes] == ["Shipped search to all users"]


def test_labelled_plan_lines_reach_the_plan_section(tmp_path: Path) -> None:
    result = coach_for(tmp_path).weekly(notes="Plan: ship\nNext: test\nShipped search to all users", week=WEEK)

    assert result.plan == ["Ship", "Test"]
    assert result.progress == ["Shipped search to all users"]
    assert not any("Plan" in w for w in result.warnings)


def test_a_label_in_a_logged_note_files_it_and_keeps_the_logged_words() -> None:
    notes = [Note("Problem: CI is flaky"), Note("Next week: hire 2 SREs"), Note("Blockers: none"), Note("Shipped")]

    result = make_weekly(notes, week=WEEK)

    assert result.problems == ["Problem: CI is flaky"]
    assert result.plan == ["Next week: hire 2 SREs"]
    assert result.progress == ["Shipped"]


def test_sections_are_ordered_by_importance_and_hold_one_to_five_items() -> None:
    notes = [
        Note(t)
        for t in [
            "Renamed the config keys",
            "Updated the wiki",
            "Cut cloud spend by $4k/month",
            "Added logging",
            "Onboarded 3 enterprise customers",
            "Reviewed 6 PRs",
            "Wrote the Q3 plan doc",
        ]
    ]

    result = make_weekly(notes, week=WEEK)

    assert result.progress[0] == "Cut cloud spend by $4k/month"
    assert result.progress[1] == "Onboarded 3 enterprise customers"
    assert len(result.progress) == 5
    assert result.progress[-1].startswith("+3 more: ")  # merged, not dropped
    assert any("merged" in w for w in result.warnings)
    for section in SECTIONS:
        assert 1 <= len(getattr(result, section)) <= 5


def test_an_executive_gets_three_items_per_section() -> None:
    notes = [Note(f"Cut job {n} from {n + 9} min to {n} min") for n in range(1, 6)]

    result = make_weekly(notes, week=WEEK, reader="executive")

    assert len(result.progress) == 3
    assert "+3 more" in result.progress[-1]


def test_cap_keeps_every_item_text() -> None:
    items, warnings = cap(["a", "b", "c", "d", "e", "f", "g"], 5, "Progress")

    assert items == ["a", "b", "c", "d", "+3 more: e; f; g"]
    assert len(warnings) == 1


def test_a_huge_overflow_quotes_what_fits_and_counts_the_rest() -> None:
    items = [f"Closed ticket PAY-{n} for the billing team" for n in range(70_000)]

    capped = cap_section(items, 5, "Progress")

    assert capped.items[:4] == items[:4]
    last = capped.items[-1]
    assert last.startswith("+69996 more: Closed ticket PAY-4 for the billing team; ")
    assert len(last) <= MORE_CHARS + 60, len(last)  # once a 3.6 MB line
    quoted = len(capped.stated) - 4
    assert last.endswith(f"; … and {69_996 - quoted} more entries")
    assert capped.elided == items[4 + quoted :]
    assert "69996 least important were counted in the last line" in capped.warnings[0]


def test_a_week_of_thousands_of_entries_stays_short_and_fact_checked() -> None:
    notes = [Note(f"Cut build time of service {n} from {n + 90} min to {n % 60 + 1} min") for n in range(5_000)]
    notes += [Note(f"Updated the runbook page {n}") for n in range(2_000)]

    result = make_weekly(notes, week=WEEK)

    assert max(len(line) for line in result.text.splitlines()) <= MORE_CHARS + 60
    assert result.progress[-1].startswith("+6996 more: ") and result.progress[-1].endswith(" more entries")
    assert result.fact_check.ok, result.fact_check  # the items shown keep their entries' facts
    assert len(result.warnings) <= 10 and sum(map(len, result.warnings)) < 2_000


POOL = [
    "Cut cloud spend by $4k/month",
    "Renamed the config keys",
    "Checkout outage: 40 min downtime for EU customers",
    "Onboarded 3 enterprise customers",
    "EU rollout blocked on legal review",
    "Reviewed 6 PRs",
    "Error rate went down from 2.1% to 0.3%",
    "Completed JIRA-4411",
    "Missed the Q3 deadline for the SOC 2 audit",
    "Customers can now export invoices",
    "Improved search",
]


@given(st.lists(st.sampled_from(POOL), max_size=40))
def test_lazy_ranking_gives_the_order_of_a_full_sort(texts: list[str]) -> None:
    items = [Ranked(t, t, n) for n, t in enumerate(texts)]

    assert [i.text for i in ranked(items)] == sorted(texts, key=importance, reverse=True)


def test_empty_sections_get_an_honest_placeholder_and_a_warning() -> None:
    result = make_weekly([Note("Cut p95 latency from 420ms to 180ms")], week=WEEK)

    assert result.problems == [PLACEHOLDERS["problems"]]
    assert result.plan == [PLACEHOLDERS["plan"]]
    assert any("Plan" in w for w in result.warnings)


def test_activity_only_progress_is_kept_with_the_question_as_a_warning() -> None:
    result = make_weekly([Note("completed JIRA-4411")], week=WEEK)

    assert result.progress == ["Completed JIRA-4411"]
    assert any("JIRA-4411" in w and w.endswith("?") for w in result.warnings)


def test_duplicates_are_reported_once() -> None:
    result = make_weekly([Note("Cut costs by 10%"), Note("cut costs by 10%")], week=WEEK)

    assert result.progress == ["Cut costs by 10%"]
    assert any("repeated" in w for w in result.warnings)


def test_unicode_and_emoji_survive_every_format() -> None:
    result = make_weekly([Note("Launched 🚀 to 🇪🇺 customers"), Note("Blocked <on> legal & co")], week=WEEK)

    for fmt in ("markdown", "slack", "email"):
        assert "🚀" in result.render(fmt) and "🇪🇺" in result.render(fmt)
    assert "&lt;on&gt; legal &amp; co" in result.render("slack")


def test_renderers() -> None:
    result = make_weekly(
        [Note("Cut p95 latency from 420ms to 180ms"), Note("EU rollout blocked on legal"), Note("Next week: hire")],
        week=WEEK,
        fmt="slack",
    )

    assert result.text == result.render("slack")
    assert result.text.startswith(f"*Weekly update — {WEEK}*")
    assert "*Progress*\n• Cut p95 latency from 420ms to 180ms" in result.text
    markdown = result.render("markdown")
    assert "## Progress\n- Cut p95 latency" in markdown and "## Problems\n- EU rollout" in markdown
    email = result.render("email")
    assert email.startswith(f"Subject: Weekly update — {WEEK}")
    assert "Problems\n- EU rollout blocked on legal" in email
    assert "##" not in email and "*" not in email


@pytest.mark.parametrize(("reader", "fmt"), [("boss", "markdown"), ("manager", "html")])
def test_unknown_reader_or_format_is_an_input_error(reader: str, fmt: str) -> None:
    with pytest.raises(InputError, match="one of"):
        make_weekly([Note("Cut costs by 10%")], week=WEEK, reader=reader, fmt=fmt)


def test_a_week_with_no_entries_is_a_clear_message(tmp_path: Path) -> None:
    coach = coach_for(tmp_path)

    with pytest.raises(InputError) as caught:
        coach.weekly(week="2026-W48")

    assert str(caught.value) == (
        "No outcome log entries for 2026-W48; add some with `coach log add` or pass --from FILE"
    )


def test_empty_notes_are_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Nothing to draft"):
        coach_for(tmp_path).weekly(notes="  \n\n")


def test_drafted_from_the_log_in_a_real_sqlite_file(tmp_path: Path) -> None:
    coach = coach_for(tmp_path)
    with Store.open(coach.settings.db_url) as store:
        store.add_entry("migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms", when=WHEN)
        store.add_entry("EU rollout blocked on legal review of the DPA", kind="problem", when=WHEN)
        store.add_entry(
            "Had 3 final round interviews for head of X, none successful, 2 more lined up next week", when=WHEN
        )
        store.add_entry("Finish the invoice export for Acme", kind="plan", when=WHEN)
        store.add_entry("Not this week", when=datetime(2026, 3, 11, tzinfo=UTC))

    result = coach.weekly(week="2026-w10", fmt="email")

    assert isinstance(result, WeeklyResult)
    assert result.week == WEEK
    assert result.progress == ["Cut p95 latency from 420ms to 180ms by migrating billing service to Postgres 16"]
    assert result.problems == [
        "EU rollout blocked on legal review of the DPA",
        "Had 3 final round interviews for head of X, none successful, 2 more lined up next week",
    ]
    assert result.plan == ["Finish the invoice export for Acme"]
    assert "Not this week" not in result.text
    assert result.text.startswith("Subject: ")


# --- the LLM engine, a real ChatOpenAI against the scripted loopback server --------------------------------


def llm_coach(server: LLMServer, tmp_path: Path) -> Coach:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        COACH_ENGINE="llm",
        OPENAI_BASE_URL=server.base_url,
        OPENAI_API_KEY="sk-test",
        COACH_MAX_RETRIES=0,
        COACH_DEADLINE=20,
        COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}",
    )
    return Coach.from_settings(settings)


NOTES = (
    "migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms\n"
    "Problems:\n- EU rollout blocked on legal review\n"
)


def test_llm_valid_answer(llm_server: LLMServer, tmp_path: Path) -> None:
    llm_server.enqueue(
        {
            "progress": ["Cut p95 latency from 420ms to 180ms by moving billing to Postgres 16"],
            "problems": ["EU rollout blocked on legal review"],
            "plan": [],
        }
    )

    result = llm_coach(llm_server, tmp_path).weekly(week=WEEK, notes=NOTES, reader="executive", fmt="slack")

    assert result.engine == "llm" and result.reader == "executive"
    assert result.problems == ["EU rollout blocked on legal review"]
    assert result.plan == [PLACEHOLDERS["plan"]]  # the model left it empty; coach says so honestly
    assert result.text.startswith("*Weekly update")
    assert not any("drops" in w or "does not" in w for w in result.warnings)
    assert result.prompt is not None and result.prompt.hash == load_prompt("weekly").hash
    sent = llm_server.requests[0]["messages"][-1]["content"]
    assert "1. [note] migrated billing service" in sent and "2. [problem] EU rollout" in sent
    assert "At most 3 items per section." in sent


def test_llm_post_check_warns_when_a_number_is_dropped(llm_server: LLMServer, tmp_path: Path) -> None:
    llm_server.enqueue(
        {
            "progress": ["Billing is much faster after the move to Postgres 16"],
            "problems": ["EU rollout blocked on legal review"],
            "plan": ["Ship the EU rollout by 1 May"],
        }
    )

    result = llm_coach(llm_server, tmp_path).weekly(week=WEEK, notes=NOTES)

    assert any("missing from the update" in w and "420ms" in w and "180ms" in w for w in result.warnings)
    assert any("1 May" in w and "does not state" in w for w in result.warnings)


def test_llm_overlong_sections_are_capped(llm_server: LLMServer, tmp_path: Path) -> None:
    llm_server.enqueue({"progress": [f"Item {n}" for n in range(1, 9)], "problems": ["x"], "plan": ["y"]})

    result = llm_coach(llm_server, tmp_path).weekly(week=WEEK, notes="a\nb")

    assert len(result.progress) == 5 and result.progress[-1].startswith("+4 more")


def test_llm_is_sent_the_most_important_entries_that_fit_the_input_limit(llm_server: LLMServer, tmp_path: Path) -> None:
    notes = [Note(f"Updated the runbook page {n}") for n in range(3_000)]
    notes[2_500] = Note("Cut cloud spend by $40k/month", "progress")  # the one result, late in a long log
    llm_server.enqueue({"progress": ["Cut cloud spend by $40k/month"], "problems": [], "plan": []})

    result = llm_coach(llm_server, tmp_path).run("weekly", notes=notes, week=WEEK)

    sent = llm_server.requests[0]["messages"][-1]["content"]
    assert len(sent) < 20_000 + 2_000  # COACH_MAX_INPUT_CHARS, plus the prompt's own words
    assert "Cut cloud spend by $40k/month" in sent
    assert any("3,000 entries" in w and "most important" in w for w in result.warnings)
    # Checked against what the model was given: the entries it dropped are reported, the ones never sent are not.
    assert "2999" not in result.fact_check.missing and "$40k" not in result.fact_check.missing
    assert 0 < len(result.fact_check.missing) < 1_000


def test_every_weekly_example_is_a_valid_answer() -> None:
    raw = yaml.safe_load((PROMPTS_DIR / "weekly.yaml").read_text(encoding="utf-8"))
    for example in raw["examples"]:
        WeeklyDraft.model_validate(example["output"])
