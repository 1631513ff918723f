"""Outcome statements, offline: activity detection, specific questions, every fact kept, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from llm_server import LLMServer

from coach import Coach, Settings
from coach.analysis.activity import QuestionBook, assess, has_metric, load_questions, question_for
from coach.analysis.facts import compare, extract_facts
from coach.data import PROMPTS_DIR, read_yaml
from coach.errors import DataError, InputError
from coach.features.outcomes import MAX_TASKS, OutcomesResult, parse_tasks, strip_bullet
from coach.features.outcomes.chain import OutcomesDraft
from coach.features.outcomes.offline import NOT_STATED, offline_outcome, restructure
from coach.model.prompts import load_prompt

ACCEPTANCE = "completed JIRA-4411\nmigrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms\n"

ACTIVITY_ONLY = [
    "completed JIRA-4411",
    "I completed this Jira ticket",
    "added regularisation to the model",
    "I added this regularisation to this model",
    "I created a new synthetic dataset for benchmarking",
    "refactored the pipeline",
    "Worked on the login page",
    "Reviewed 5 PRs",
    "Fixed the flaky login test",
    "PAY-1423 Fix double charge on retry",
    "[ENG-42] Update onboarding docs",
    "Met with Acme about the renewal",
    "Attended the architecture review",
    "Investigated memory leak in the worker",
    "Looked into the slow dashboard",
    "Set up Grafana dashboards",
    "Migrated 12 services to Kubernetes",
    "Upgraded Node to 20",
    "Bumped lodash to 4.17.21",
    "Wrote unit tests for the payment retry logic",
    "Ran an A/B test on the pricing page",
    "Closed 14 tickets",
    "Merged the feature flag cleanup",
    "Shipped dark mode",
    "Added caching to reduce load",
    "Updated the README 🎉",
    "Team offsite in Lisbon",
    "Created the Q3 roadmap doc",
    "Implemented SSO for the admin console",
    "Deployed v2.3.1 to staging",
    "Spike: evaluate vector databases",
    "Upgraded Kubernetes from 1.27 to 1.29",
    "Added retries to the payment client",
]

OUTCOMES = [
    "migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms",
    "Had 3 final round interviews for head of X, none successful, 2 more lined up next week",
    "Checkout conversion up 4% after the new button",
    "Reduced cloud spend by $12k/month",
    "Cut CI time from 25 min to 9 min by caching dependencies",
    "Added retries to the webhook sender so merchants stop missing payment events",
    "Tried caching the search results, didn't help",
    "The A/B test on pricing was inconclusive",
    "Hired a head of data",
    "Closed the Acme deal",
    "Onboarded 3 enterprise customers",
    "Rolled out dark mode to all users",
    "Support can now refund orders without engineering",
    "Rewrote the export job, resulting in 30% fewer failed exports",
    "Error rate down from 2.1% to 0.3% after the retry fix",
    "Recall rose to 91% on the fraud benchmark",
    "Model retraining saved 6 hours a week of manual labelling",
    "Offer to the senior SRE candidate was declined",
    "Search is now live in the EU region",
]


def make_outcomes(tasks: str | list[str]) -> OutcomesResult:
    """The outcomes feature through the one flow, offline engine."""
    return Coach(Settings(_env_file=None, COACH_ENGINE="offline")).outcomes(tasks)


@pytest.mark.parametrize("task", ACTIVITY_ONLY)
def test_activity_only_tasks_are_detected_and_get_a_question(task: str) -> None:
    item = offline_outcome(task)

    assert item.activity_only
    assert item.question and item.question.endswith("?")
    assert item.outcome.endswith(NOT_STATED)
    assert compare(task, item.outcome.removesuffix(f" — {NOT_STATED}")).ok  # restated, nothing invented


@pytest.mark.parametrize("task", OUTCOMES)
def test_tasks_with_a_result_are_outcomes(task: str) -> None:
    item = offline_outcome(task)

    assert not item.activity_only
    assert item.question is None
    assert compare(task, item.outcome).ok, item.outcome


@pytest.mark.parametrize(
    ("task", "words"),
    [
        ("added regularisation to the model", ["regularisation", "accuracy", "stability", "cost"]),
        ("Added dropout to the classifier", ["dropout", "accuracy"]),
        ("refactored the pipeline", ["refactor", "speed", "reliability"]),
        ("completed JIRA-4411", ["JIRA-4411", "for whom"]),
        ("Wrote integration tests for checkout", ["risk"]),
        ("created a new synthetic dataset for benchmarking", ["measure or decide", "dataset"]),
        ("Ran an A/B test on the pricing page", ["A/B test", "won"]),
        ("Met with Acme about the renewal", ["decided"]),
        ("Interviewed 4 candidates for the data lead role", ["offers"]),
        ("Investigated the memory leak", ["learn", "decide"]),
        ("Migrated the auth service to Go", ["cost", "reliability"]),
        ("Updated the runbook", ["incident"]),
        ("Did some stuff", ["for whom", "number"]),
    ],
)
def test_the_question_is_specific_to_what_the_task_names(task: str, words: list[str]) -> None:
    question = question_for(task)

    for word in words:
        assert word in question


def test_acceptance_example_keeps_every_fact() -> None:
    result = make_outcomes(ACCEPTANCE)

    first, second = result.items
    assert result.engine == "offline"
    assert first.activity_only and first.question and "JIRA-4411" in first.outcome
    assert not second.activity_only and second.question is None
    for fact in ("420ms", "180ms", "Postgres 16"):
        assert fact in second.outcome
    assert second.outcome == "Cut p95 latency from 420ms to 180ms by migrating billing service to Postgres 16"


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        (
            "PAY-12: moved the search index to the new cluster, which cut p99 latency from 800ms to 200ms",
            "Cut p99 latency from 800ms to 200ms by moving the search index to the new cluster (PAY-12)",
        ),
        (
            "Rewrote the export job, resulting in 30% fewer failed exports",
            "30% fewer failed exports after rewriting the export job",
        ),
        (
            "We added an index on orders.created_at, cutting the nightly report from 2h to 15 minutes",
            "Cut the nightly report from 2h to 15 minutes by adding an index on orders.created_at",
        ),
        # A pronoun in the result points back at the activity: moving it first would lose the meaning.
        (
            "Built a refunds tab for support, saving them ~5 hours a week",
            "Built a refunds tab for support, saving them ~5 hours a week",
        ),
        # Unsuccessful results stay honest, negation and all.
        (
            "Had 3 final round interviews for head of X, none successful, 2 more lined up next week",
            "Had 3 final round interviews for head of X, none successful, 2 more lined up next week",
        ),
        ("Reduced cloud spend by $12k/month (INFRA-88)", "Reduced cloud spend by $12k/month (INFRA-88)"),
    ],
)
def test_outcomes_are_restructured_result_first(task: str, expected: str) -> None:
    assert restructure(task) == expected


def test_ticket_ids_are_never_lost() -> None:
    tasks = [
        "ENG-7 Cut build time from 20 min to 8 min",
        "[OPS-3] reduced pager alerts by 40%",
        "Shipped invoices v2 to all customers | BILL-88",
    ]

    result = make_outcomes(tasks)

    for task, item in zip(tasks, result.items, strict=True):
        for ticket in ("ENG-7", "OPS-3", "BILL-88"):
            if ticket in task:
                assert ticket in item.outcome


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(ACTIVITY_ONLY + OUTCOMES + ["🚀 launched 🎉", "日本語のタスク 3件", "  - [x] done  "]),
        min_size=1,
        max_size=6,
    )
)
def test_offline_engine_never_adds_or_drops_a_number(tasks: list[str]) -> None:
    result = make_outcomes(tasks)

    for task, item in zip(parse_tasks(tasks)[0], result.items, strict=True):
        before = sorted(f.key for f in extract_facts(task) if f.kind != "name")
        after = sorted(f.key for f in extract_facts(item.outcome.removesuffix(f" — {NOT_STATED}")) if f.kind != "name")
        assert before == after


@pytest.mark.parametrize(
    ("line", "task"),
    [
        ("- shipped X", "shipped X"),
        ("* shipped X", "shipped X"),
        ("• shipped X", "shipped X"),
        ("1. shipped X", "shipped X"),
        ("12) shipped X", "shipped X"),
        ("- [x] shipped X", "shipped X"),
        ("[ ] shipped X", "shipped X"),
        ("✅ shipped X", "shipped X"),
        ("   ", ""),
        ("-", ""),
        ("-5% churn after the fix", "-5% churn after the fix"),
    ],
)
def test_bullets_are_stripped(line: str, task: str) -> None:
    assert strip_bullet(line) == task


def test_blank_lines_are_skipped_and_duplicates_kept_with_a_warning() -> None:
    result = make_outcomes("- completed JIRA-1\n\n\n- Completed  JIRA-1\n- cut costs by 10%\n")

    assert [i.task for i in result.items] == ["completed JIRA-1", "Completed  JIRA-1", "cut costs by 10%"]
    assert len(result.warnings) == 1 and "2 times" in result.warnings[0]


def test_emoji_and_unicode_are_kept() -> None:
    result = make_outcomes("🚀 Cut checkout latency from 900 ms to 300 ms for 🇪🇺 customers\nÜbersetzung fertig ✨")

    assert "🚀" in result.items[0].outcome and "🇪🇺" in result.items[0].outcome
    assert "900 ms" in result.items[0].outcome
    assert "✨" in result.items[1].outcome


@pytest.mark.parametrize("text", ["", "   \n\n  ", "-\n*\n•"])
def test_an_empty_list_is_a_clear_input_error(text: str) -> None:
    with pytest.raises(InputError, match="Nothing to turn into outcomes"):
        make_outcomes(text)


def test_five_hundred_tasks_are_handled_and_more_are_refused() -> None:
    tasks = [f"Cut job {n} runtime from {n + 10} min to {n} min" for n in range(MAX_TASKS)]

    assert len(make_outcomes(tasks).items) == MAX_TASKS
    with pytest.raises(InputError, match=f"limit is {MAX_TASKS}"):
        make_outcomes([*tasks, "one more"])


def test_a_huge_single_task_is_refused() -> None:
    with pytest.raises(InputError, match="Task 1 is"):
        make_outcomes("x" * 5000)


def test_the_question_book_is_valid_and_a_typo_is_named(tmp_path: Path) -> None:
    book, patterns = load_questions()
    assert len(book.rules) == len(patterns) >= 15

    bad = tmp_path / "q.yaml"
    bad.write_text(
        "version: 1\nrules: [{topic: t, keywords: [x], question: 'What about {thing}?'}]\n"
        "ticket_question: '{ticket}?'\nfallback: 'f?'\nvague: 'v?'\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"unknown placeholder \{thing\}"):
        read_yaml(bad, QuestionBook)


@pytest.mark.parametrize(
    ("task", "metric"),
    [
        ("Upgraded Kubernetes from 1.27 to 1.29", False),  # versions, not results
        ("Upgraded Kubernetes 1.27 → 1.29", False),
        ("Upgraded the cluster from 1.27 to 1.29", False),
        ("Bumped Python 3.11 -> 3.12", False),
        ("Moved Node from 18 to 20", False),
        ("Upgraded Postgres from 15 to 16", False),
        ("Bumped lodash from 4.17.20 to 4.17.21", False),
        ("Rolled out v2.3 → v2.4", False),
        ("Upgraded Postgres from 15 to 16, cutting p95 from 420ms to 180ms", True),
        ("CSAT rose from 4.1 to 4.6", True),  # a rating, no upgrade
        ("F1 went from 0.82 to 0.91 after the upgrade", True),
        ("Cut build time from 25 to 9 minutes", True),
        ("Error rate 2.1% → 0.3%", True),
    ],
)
def test_versions_are_not_metrics(task: str, metric: bool) -> None:
    assert has_metric(task) is metric


@pytest.mark.parametrize(
    ("task", "names_someone"),
    [
        ("Added retries to the payment client", False),  # software, not a person
        ("Added a timeout to the HTTP clients", False),
        ("Added retries to the client", False),
        ("Added logging to the GPU drivers", False),
        ("Set up monitoring for the build agents", False),
        ("Built a CSV export for clients", True),
        ("Built a CSV export for our enterprise clients", True),
        ("Built the dashboard for the client", True),
        ("Built a status page for the drivers", True),
        ("Built a reporting view for finance", True),
    ],
)
def test_a_beneficiary_is_a_person_not_a_software_client(task: str, names_someone: bool) -> None:
    verdict = assess(task)

    assert verdict.activity_only is not names_someone
    assert verdict.vague is names_someone


def test_vague_results_are_outcomes_that_ask_how_much() -> None:
    verdict = assess("Improved search relevance")

    assert not verdict.activity_only and verdict.vague
    assert verdict.question and "how much" in verdict.question.lower()


# --- the LLM engine, a real ChatOpenAI against the scripted loopback server --------------------------------


def llm_coach(server: LLMServer) -> Coach:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        COACH_ENGINE="llm",
        OPENAI_BASE_URL=server.base_url,
        OPENAI_API_KEY="sk-test",
        COACH_MAX_RETRIES=0,
        COACH_DEADLINE=20,
    )
    return Coach.from_settings(settings)


MODEL_ANSWER = {
    "items": [
        {
            "number": 1,
            "outcome": "Completed JIRA-4411 — result not stated yet",
            "activity_only": True,
            "question": "What did JIRA-4411 change for customers?",
        },
        {
            "number": 2,
            "outcome": "Cut p95 latency from 420ms to 180ms by migrating billing service to Postgres 16",
            "activity_only": False,
            "question": None,
        },
    ]
}


def test_llm_valid_answer(llm_server: LLMServer) -> None:
    llm_server.enqueue(MODEL_ANSWER)

    result = llm_coach(llm_server).outcomes(ACCEPTANCE)

    assert result.engine == "llm"
    assert [i.activity_only for i in result.items] == [True, False]
    assert result.items[0].question == "What did JIRA-4411 change for customers?"
    assert result.items[1].outcome == MODEL_ANSWER["items"][1]["outcome"]  # type: ignore[index]
    assert result.warnings == []
    assert result.prompt is not None and result.prompt.hash == load_prompt("outcomes").hash
    request = llm_server.requests[0]
    assert request["response_format"]["json_schema"]["name"] == "OutcomesDraft"
    sent = request["messages"][-1]["content"]
    assert "<text>\n1. completed JIRA-4411\n2. migrated billing service" in sent


def test_llm_post_check_warns_when_a_number_is_dropped_or_invented(llm_server: LLMServer) -> None:
    llm_server.enqueue(
        {
            "items": [
                {
                    "number": 1,
                    "outcome": "Completed JIRA-4411, cutting support tickets by 30%",
                    "activity_only": False,
                    "question": None,
                },
                {
                    "number": 2,
                    "outcome": "Cut p95 latency to 180ms by migrating billing to Postgres 16",
                    "activity_only": False,
                    "question": None,
                },
            ]
        }
    )

    result = llm_coach(llm_server).outcomes(ACCEPTANCE)

    assert any(w.startswith("Facts in its outcome that task 1 does not state") and "30%" in w for w in result.warnings)
    assert any(w.startswith("Facts of task 2 missing from its outcome") and "420ms" in w for w in result.warnings)


def test_llm_missing_item_is_filled_offline_with_a_warning(llm_server: LLMServer) -> None:
    llm_server.enqueue({"items": [MODEL_ANSWER["items"][0]]})  # type: ignore[index]

    result = llm_coach(llm_server).outcomes(ACCEPTANCE)

    assert result.items[1].outcome.startswith("Cut p95 latency from 420ms to 180ms")
    assert any("Task 2: the model gave no outcome" in w for w in result.warnings)


def test_llm_activity_only_without_a_question_gets_the_offline_one(llm_server: LLMServer) -> None:
    answer = {"items": [dict(MODEL_ANSWER["items"][0], question=None), MODEL_ANSWER["items"][1]]}  # type: ignore[index]
    llm_server.enqueue(answer)

    result = llm_coach(llm_server).outcomes(ACCEPTANCE)

    assert result.items[0].question == question_for("completed JIRA-4411")


def test_llm_long_lists_are_asked_in_batches(llm_server: LLMServer) -> None:
    tasks = [f"Fixed bug {n}" for n in range(1, 26)]

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        listed = request["messages"][-1]["content"].split("<text>")[1].strip().splitlines()
        return {
            "items": [
                {
                    "number": int(line.split(".")[0]),
                    "outcome": line.split(". ", 1)[1],
                    "activity_only": True,
                    "question": "Why?",
                }
                for line in listed
                if line[:1].isdigit()
            ]
        }

    llm_server.default = answer

    result = llm_coach(llm_server).outcomes(tasks)

    assert [i.outcome for i in result.items] == tasks
    assert len(llm_server.requests) == 2


def test_every_outcomes_example_is_a_valid_answer() -> None:
    raw = yaml.safe_load((PROMPTS_DIR / "outcomes.yaml").read_text(encoding="utf-8"))
    for example in raw["examples"]:
        draft = OutcomesDraft.model_validate(example["output"])
        assert len(draft.items) == int(example["input"]["count"])
