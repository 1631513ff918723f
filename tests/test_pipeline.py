"""The one flow: every feature through the same pipeline, one deadline per request, concurrent calls under it."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from llm_server import LLMServer, Reply

from coach import Coach, Settings
from coach.errors import InputError, ModelError
from coach.flow.results import Common
from coach.model.prompts import load_prompt
from coach.registry import FEATURES


def llm_coach(server: LLMServer, **values: Any) -> Coach:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        COACH_ENGINE="llm",
        OPENAI_BASE_URL=server.base_url,
        OPENAI_API_KEY="sk-test",
        COACH_MAX_RETRIES=0,
        **values,
    )
    return Coach.from_settings(settings)


def offline() -> Coach:
    return Coach(Settings(_env_file=None, COACH_ENGINE="offline"))  # type: ignore[call-arg]


def outcomes_answer(request: dict[str, Any]) -> Reply:
    """A valid answer for whatever batch was asked: each task restated, after 0.7 s."""
    listing = request["messages"][-1]["content"]
    tasks = re.findall(r"^(\d+)\. (.*)$", listing, flags=re.MULTILINE)
    items = [
        {"number": int(n), "outcome": f"{t} — result not stated yet", "activity_only": True, "question": "Why?"}
        for n, t in tasks
    ]
    return Reply(content=json.dumps({"items": items}), delay_s=0.7)


def test_sixty_tasks_are_asked_concurrently_under_one_deadline() -> None:
    """Three batches of 20 against a 0.7 s endpoint with COACH_DEADLINE=1: one deadline for the request, and the
    batches in flight together, so the answer comes within ~1.2 s (one after another they would take 2.1 s)."""
    tasks = [f"completed TASK-{n}" for n in range(1, 61)]
    with LLMServer(default=outcomes_answer) as server:
        coach = llm_coach(server, COACH_DEADLINE=1)
        started = time.monotonic()
        result = coach.outcomes(tasks)
        elapsed = time.monotonic() - started
    assert len(server.requests) == 3
    assert [i.task for i in result.items] == tasks
    assert elapsed < 1.2, f"took {elapsed:.2f} s"


def test_a_request_past_its_deadline_is_one_clear_error_within_the_deadline() -> None:
    def slow(request: dict[str, Any]) -> Reply:
        return Reply(content="{}", delay_s=3)

    tasks = [f"completed TASK-{n}" for n in range(1, 61)]
    with LLMServer(default=slow) as server:
        coach = llm_coach(server, COACH_DEADLINE=1)
        started = time.monotonic()
        with pytest.raises(ModelError, match="COACH_DEADLINE") as err:
            coach.outcomes(tasks)
        elapsed = time.monotonic() - started
    assert err.value.kind == "timeout"
    assert elapsed < 1.5, f"took {elapsed:.2f} s"


@pytest.mark.parametrize("feature", ["translate", "outcomes", "weekly"])
def test_every_result_carries_the_common_fields_offline(feature: str) -> None:
    inputs: dict[str, dict[str, Any]] = {
        "translate": {"text": "p99 latency fell from 800ms to 200ms.", "audience": "executive"},
        "outcomes": {"tasks": "completed JIRA-4411\ncut costs by 10%"},
        "weekly": {"notes": "Cut costs by 10%\nBlocked on legal review", "week": "2026-W01"},
    }
    result = offline().run(feature, **inputs[feature])
    assert isinstance(result, Common)
    data = result.model_dump(mode="json", by_alias=True)
    assert {"engine", "model", "prompt", "fact_check", "warnings", "cached"} <= data.keys()
    assert data["engine"] == "offline" and data["prompt"] is None and data["fact_check"]["ok"] is True


def test_weekly_llm_result_is_fact_checked_by_the_shared_post_check(llm_server: LLMServer) -> None:
    llm_server.enqueue({"progress": ["Cut costs by 12%"], "problems": ["Blocked on legal review"], "plan": []})
    result = llm_coach(llm_server).weekly(week="2026-W01", notes="Cut costs by 10%\nBlocked on legal review")
    assert not result.fact_check.ok and "12%" in result.fact_check.added and "10%" in result.fact_check.missing
    assert result.prompt is not None and result.prompt.name == "weekly"
    assert result.prompt.version == load_prompt("weekly").version


def test_the_registry_lists_every_feature_and_coach_run_rejects_an_unknown_one() -> None:
    assert [f.name for f in FEATURES][:3] == ["translate", "outcomes", "weekly"]
    with pytest.raises(InputError, match="Unknown feature 'poetry'"):
        offline().run("poetry", text="x")


def test_a_conversation_history_goes_between_the_examples_and_the_new_message() -> None:
    spec = load_prompt("translate")
    variables = {"audience_name": "Executive", "audience_profile": "CEO", "text": "now this"}
    messages = spec.render(variables, history=[("user", "first"), ("assistant", '{"rewrite": "x"}')])
    plain = spec.render(variables)
    assert len(messages) == len(plain) + 2
    assert "first" in messages[-3].text and messages[-2].text == '{"rewrite": "x"}'
    assert "now this" in messages[-1].text


def test_model_errors_carry_a_kind_and_status(llm_server: LLMServer) -> None:
    llm_server.enqueue(Reply(status=401, error_message="bad key"))
    with pytest.raises(ModelError) as err:
        llm_coach(llm_server).translate("p99 latency fell from 800ms to 200ms.")
    assert (err.value.kind, err.value.status) == ("auth", 401)
