"""Redaction (COACH_REDACT=on): emails, phone numbers and the team's names never reach the model, and come back
in the result — through a real ChatOpenAI against the loopback server, which records everything it was sent."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from llm_server import JSONDict, LLMServer

from coach import Coach, Settings
from coach.errors import ConfigError
from coach.features.translate import TranslateResult
from coach.flow.redaction import Redactor

EMAIL, PHONE, NAME = "alice.smith@acme-corp.com", "+44 20 7946 0958", "Alice Smith"
NAMES = "Alice Smith, Bob Jones"
TEXT = (
    f"{NAME} cut p99 latency from 800ms to 200ms across 3 regions. Questions to {EMAIL} or {PHONE}; "
    "Bob Jones reviewed it."
)
SECRETS = (EMAIL, PHONE, NAME, "Alice", "Smith", "Bob Jones", "acme-corp", "7946")
PLACEHOLDER = re.compile(r"\[(?:EMAIL|PHONE|NAME)_\d+\]")


def llm_coach(server: LLMServer, **env: Any) -> Coach:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        COACH_ENGINE="llm",
        OPENAI_BASE_URL=server.base_url,
        OPENAI_API_KEY="sk-test",
        COACH_MAX_RETRIES=0,
        COACH_DEADLINE=20,
        **env,
    )
    return Coach.from_settings(settings)


def redacting(server: LLMServer) -> Coach:
    return llm_coach(server, COACH_REDACT="on", COACH_REDACT_NAMES=NAMES)


def sent_text(server: LLMServer) -> str:
    return "\n".join(json.dumps(r["messages"], ensure_ascii=False) for r in server.requests)


def placeholders_in(body: JSONDict) -> list[str]:
    """The placeholders in the user's message of a request, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(body["messages"][-1]["content"])))


def leaked(server: LLMServer) -> list[str]:
    sent = sent_text(server)
    return [secret for secret in SECRETS if secret in sent]


def a_translation_using_the_placeholders(body: JSONDict) -> JSONDict:
    """A model that keeps every fact and refers to the people by the placeholders it was given."""
    names = " and ".join(placeholders_in(body))
    return {
        "rewrite": f"Search (p99) is faster: 800ms to 200ms in 3 regions. Contacts: {names}.",
        "changes": [{"before": "p99 latency", "after": "search speed", "reason": "Plain words."}],
        "why_it_matters": f"Customers wait less; ask {placeholders_in(body)[0]}.",
    }


# --- the round trip through the LLM engine ------------------------------------------------------------------


def test_translate_sends_placeholders_and_the_result_has_the_values_back() -> None:
    with LLMServer(default=a_translation_using_the_placeholders) as server:
        result = redacting(server).translate(TEXT)

        assert leaked(server) == []
        assert placeholders_in(server.requests[0]) == ["[NAME_1]", "[EMAIL_1]", "[PHONE_1]", "[NAME_2]"]
    assert isinstance(result, TranslateResult)
    assert result.rewrite == (
        f"Search (p99) is faster: 800ms to 200ms in 3 regions. Contacts: {NAME} and {EMAIL} and {PHONE} and Bob Jones."
    )
    assert result.why_it_matters == f"Customers wait less; ask {NAME}."
    assert result.original == TEXT
    assert not PLACEHOLDER.search(result.model_dump_json())
    # The fact check runs after restoring: the phone number and the name are facts of the original, kept.
    assert result.fact_check.ok, result.fact_check


def test_a_value_the_model_drops_is_caught_by_the_fact_check_after_restoring() -> None:
    def drops_the_phone(body: JSONDict) -> JSONDict:
        return {"rewrite": "Search (p99) is faster: 800ms to 200ms in 3 regions.", "changes": [], "why_it_matters": ""}

    with LLMServer(default=drops_the_phone) as server:
        result = redacting(server).translate(TEXT)

    assert not result.fact_check.ok
    assert any("7946" in fact for fact in result.fact_check.missing), result.fact_check.missing


def test_without_redaction_the_text_is_sent_as_written() -> None:
    with LLMServer(default=lambda _: {"rewrite": TEXT, "changes": [], "why_it_matters": ""}) as server:
        llm_coach(server).translate(TEXT)

        assert leaked(server) == list(SECRETS)  # the control: the check above can fail


def test_placeholders_are_stable_so_an_identical_request_sends_identical_messages() -> None:
    with LLMServer(default=a_translation_using_the_placeholders) as server:
        coach = redacting(server)
        coach.translate(TEXT)
        coach.translate(TEXT)

        assert server.requests[0]["messages"] == server.requests[1]["messages"]


def test_several_audiences_and_batches_use_the_same_placeholders_in_every_call() -> None:
    # 45 tasks = 3 batches of the outcomes prompt, asked concurrently; the same person in each batch.
    tasks = [f"Task {n}: {NAME} ({EMAIL}) closed ticket PAY-{n}" for n in range(1, 46)]

    def outcomes(body: JSONDict) -> JSONDict:
        listing = re.findall(r"^(\d+)\. (.*)$", body["messages"][-1]["content"], re.MULTILINE)
        return {
            "items": [
                {"number": int(n), "outcome": task, "activity_only": True, "question": "What changed?"}
                for n, task in listing
            ]
        }

    with LLMServer(default=outcomes) as server:
        result = redacting(server).outcomes(tasks)

        assert len(server.requests) == 3
        assert leaked(server) == []
        for body in server.requests:
            assert placeholders_in(body) == ["[NAME_1]", "[EMAIL_1]"]
    assert [item.outcome for item in result.items] == tasks


def test_weekly_lists_are_restored_item_by_item() -> None:
    notes = f"Shipped SSO for Acme with {NAME}\nProblems:\n- Waiting on Bob Jones ({PHONE}) for the DPA\n"

    def weekly(body: JSONDict) -> JSONDict:
        name, other, phone = placeholders_in(body)
        return {
            "progress": [f"Shipped SSO for Acme with {name}"],
            "problems": [f"Waiting on {other} ({phone}) for the DPA"],
            "plan": [],
        }

    with LLMServer(default=weekly) as server:
        result = redacting(server).weekly(week="2026-W10", notes=notes)

        assert leaked(server) == []
    assert result.progress == [f"Shipped SSO for Acme with {NAME}"]
    assert result.problems == [f"Waiting on Bob Jones ({PHONE}) for the DPA"]
    assert NAME in result.text and PHONE in result.text
    assert result.fact_check.ok, result.fact_check


def test_a_placeholder_the_model_rewrote_loosely_is_still_restored_and_an_invented_one_is_left() -> None:
    def loose(body: JSONDict) -> JSONDict:
        return {
            "rewrite": "[Name 1] (NAME_2) cut latency from 800ms to 200ms across 3 regions; [EMAIL_9] unknown.",
            "changes": [],
            "why_it_matters": "",
        }

    with LLMServer(default=loose) as server:
        result = redacting(server).translate(f"{NAME} and Bob Jones cut latency from 800ms to 200ms in 3 regions.")

    assert result.rewrite == f"{NAME} (Bob Jones) cut latency from 800ms to 200ms across 3 regions; [EMAIL_9] unknown."


def test_the_offline_engine_needs_no_redaction() -> None:
    plain = Coach.from_settings(Settings(_env_file=None, COACH_ENGINE="offline"))  # type: ignore[call-arg]
    redacting_offline = Coach.from_settings(
        Settings(_env_file=None, COACH_ENGINE="offline", COACH_REDACT="on", COACH_REDACT_NAMES=NAMES)  # type: ignore[call-arg]
    )

    assert redacting_offline.translate(TEXT) == plain.translate(TEXT)


# --- what is recognised -------------------------------------------------------------------------------------

HIDDEN = [
    "alice@acme.com",
    "first.last+tag@mail.example.co.uk",
    "+44 20 7946 0958",
    "+1-555-123-4567",
    "+1 (555) 123-4567",
    "+33 1 23 45 67 89",
    "+4915112345678",
    "(555) 123-4567",
    "555-123-4567",
    "555.123.4567",
    "555 123 4567",
    "020 7946 0958",
    "030/1234 5678",
    "06 12 34 56 78",
    "Alice Smith",
    "Alice",
    "Smith",
    "Jones",
]
KEPT = [
    "2024-01-15",
    "2026-W10",
    "16.4.1",
    "10.0.0.1",
    "192.168.100.1",
    "$1,234,567",
    "1,000,000 users",
    "JIRA-4411",
    "PAY-12",
    "420ms",
    "12:30",
    "3.14159265",
    "+12%",
    "from 800ms to 200ms",
    "Q3 2026",
    "v2.3.4-rc1",
    "alice",  # a listed name is matched with the capitalisation given
    "Bob",  # not listed
    "Smithson",  # whole words only
    "@alice",
    "user@localhost",
]


def test_every_email_phone_and_listed_name_is_hidden_and_nothing_else() -> None:
    redactor = Redactor(["Alice Smith", "Jones"])
    not_hidden = [s for s in HIDDEN if PLACEHOLDER.fullmatch(redactor.hide(s)) is None]
    touched = [s for s in KEPT if redactor.hide(s) != s]

    assert not_hidden == [] and touched == []
    assert redactor.hide("Bob Jones") == "Bob [NAME_4]"  # only "Jones" is listed
    assert redactor.hide("Alice,Smith") == "[NAME_2],[NAME_3]"  # two listed words, not the full name


def test_a_possessive_keeps_its_s_and_the_same_value_keeps_its_placeholder() -> None:
    redactor = Redactor(["Alice Smith"])

    hidden = redactor.hide("Alice Smith's plan: Alice's team, then alice@x.io and alice@x.io again.")

    assert hidden == "[NAME_1]'s plan: [NAME_2]'s team, then [EMAIL_1] and [EMAIL_1] again."
    assert redactor.restore(hidden) == "Alice Smith's plan: Alice's team, then alice@x.io and alice@x.io again."


def test_a_placeholder_the_user_wrote_is_never_turned_into_a_value() -> None:
    redactor = Redactor(["Alice"])

    hidden = redactor.hide("Template field [NAME_1] is filled by Alice.")

    assert hidden == "Template field [NAME_1] is filled by [NAME_2]."
    assert redactor.restore(hidden) == "Template field [NAME_1] is filled by Alice."


@pytest.mark.parametrize(
    "unit", ["1", "1 ", "1-", "+1 ", "a@", "a.", "@a.", "a@b.", "(555) ", "0", "0 1", "Alice ", "A.", "x" * 70 + "@"]
)
def test_hiding_is_fast_on_any_repeated_shape_at_the_input_limit(
    unit: str, cpu_seconds: Callable[[Callable[[], object]], float]
) -> None:
    redactor = Redactor(["Alice Smith Jones", "Bob"])
    text = (unit * (20_000 // len(unit) + 1))[:20_000]

    elapsed = cpu_seconds(lambda: redactor.hide(text + "!"))

    assert elapsed < 0.25, f"{unit!r}: {elapsed:.2f} s"


# --- the settings ---------------------------------------------------------------------------------------------


def test_settings_read_the_switch_and_the_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_REDACT", "on")
    monkeypatch.setenv("COACH_REDACT_NAMES", " Alice  Smith ;Bob\n\nAlice Smith, ")

    settings = Settings.load()

    assert settings.redact is True
    assert settings.redaction_names() == ("Alice Smith", "Bob")
    assert Settings.load(COACH_REDACT="off").redact is False
    monkeypatch.delenv("COACH_REDACT_NAMES")
    assert Settings.load().redaction_names() == ()


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("COACH_REDACT", "maybe", "COACH_REDACT"),
        ("COACH_REDACT_NAMES", "Alice, 42", "'42' is not a name"),
        ("COACH_REDACT_NAMES", "Alice, Bob\x07", "is not a name"),
    ],
)
def test_a_bad_redaction_setting_is_a_config_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError, match=re.escape(says)) as caught:
        Settings.load()

    assert caught.value.exit_code == 2
