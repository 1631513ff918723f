"""The model seam against answers that are broken in transit or out of bounds, and the answer cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from llm_server import FAULTS, FaultSchedule, JSONDict, LLMServer, Reply, Script, chat_completion

from coach import Coach, Settings
from coach.errors import ModelError
from coach.model import cache as cache_module

GOOD = {"rewrite": "Search is 4 times faster for customers.", "changes": [], "why_it_matters": "Customers wait less."}
TEXT = "Search is 4 times faster after the index rebuild."


def llm_coach(server: LLMServer, **values: Any) -> Coach:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        COACH_ENGINE="llm",
        OPENAI_BASE_URL=server.base_url,
        OPENAI_API_KEY="sk-test",
        **{"COACH_MAX_RETRIES": 2, "COACH_DEADLINE": 20, **values},
    )
    return Coach.from_settings(settings)


def cut_off() -> Reply:
    whole = json.dumps(chat_completion(json.dumps(GOOD), model="test-model"))
    return Reply(body=whole[: len(whole) // 2])


def no_choices() -> Reply:
    return Reply(body=json.dumps({**chat_completion("", model="test-model"), "choices": []}))


@pytest.mark.parametrize("fault", [cut_off, no_choices], ids=["cut-off body", "no choices"])
def test_an_unreadable_answer_is_asked_again(llm_server: LLMServer, fault: Any) -> None:
    llm_server.enqueue(fault(), GOOD)
    result = llm_coach(llm_server).translate(TEXT)
    assert result.rewrite == GOOD["rewrite"]
    assert len(llm_server.requests) == 2


@pytest.mark.parametrize("fault", [cut_off, no_choices], ids=["cut-off body", "no choices"])
def test_an_answer_unreadable_every_time_is_one_clear_error(llm_server: LLMServer, fault: Any) -> None:
    llm_server.enqueue(fault(), fault(), fault())
    with pytest.raises(ModelError, match="incomplete answer 3 times") as err:
        llm_coach(llm_server).translate(TEXT)
    message = str(err.value)
    assert "IndexError" not in message and "JSONDecodeError" not in message and "\n" not in message
    assert len(llm_server.requests) == 3


def test_a_runaway_answer_is_rejected_before_any_check_reads_it(llm_server: LLMServer) -> None:
    huge = dict(GOOD, rewrite="4 " * 2_000_000)
    llm_server.enqueue(huge, huge)
    with pytest.raises(ModelError) as err:
        llm_coach(llm_server).translate(TEXT)
    assert err.value.kind == "invalid_output" and "200,000 characters" in str(err.value)


def test_the_answer_size_is_bounded_in_the_request(llm_server: LLMServer) -> None:
    llm_server.enqueue(GOOD)
    llm_coach(llm_server, COACH_MAX_OUTPUT_TOKENS=1000).translate(TEXT)
    body = llm_server.requests[0]
    assert body.get("max_completion_tokens", body.get("max_tokens")) == 1000


def test_an_identical_request_is_answered_from_the_cache(llm_server: LLMServer, tmp_path: Path) -> None:
    llm_server.enqueue(GOOD)
    coach = llm_coach(llm_server, COACH_CACHE="on", COACH_CACHE_DIR=str(tmp_path))
    first = coach.translate(TEXT)
    again = coach.translate(TEXT)
    assert len(llm_server.requests) == 1
    assert (first.cached, again.cached) == (False, True)
    assert again.rewrite == first.rewrite
    # On disk too: a new process (an empty in-memory cache) asks no model either.
    cache_module._caches.clear()
    other = llm_coach(llm_server, COACH_CACHE="on", COACH_CACHE_DIR=str(tmp_path))
    assert other.translate(TEXT).cached is True
    # Another audience or text is another request.
    llm_server.enqueue(GOOD)
    assert coach.translate(TEXT, audience="sales").cached is False
    assert len(llm_server.requests) == 2


def test_errors_are_never_cached_and_off_means_off(llm_server: LLMServer, tmp_path: Path) -> None:
    llm_server.enqueue(Reply(status=400), GOOD)
    coach = llm_coach(llm_server, COACH_CACHE="on", COACH_CACHE_DIR=str(tmp_path))
    with pytest.raises(ModelError):
        coach.translate(TEXT)
    assert coach.translate(TEXT).cached is False
    llm_server.enqueue(GOOD)
    off = llm_coach(llm_server, COACH_CACHE="off", COACH_CACHE_DIR=str(tmp_path))
    assert off.translate(TEXT).cached is False
    assert len(llm_server.requests) == 3


# --- every fault of the schedule, once and every time ----------------------------------------------------------
PLAIN = "A plain answer."  # what llm_server.schema_answer writes into every string field
RE_ASKED = {"invalid", "huge"}
KIND_OF_ERROR = {
    "rate_limited": "rate_limited",
    "server_error": "failed",
    "unavailable": "failed",
    "hang": "timeout",
    "dropped": "failed",
    "truncated": "failed",
    "cut_off": "failed",
    "no_choices": "failed",
    "invalid": "invalid_output",
    "huge": "invalid_output",
}


def faults_first(kind: str, times: int | None) -> Any:
    """A responder serving `kind` for the first `times` requests (None: always), then schema-valid answers."""
    schedule = FaultSchedule(seed=0, fast_retry_ms=5, hang_s=3.0)
    served = 0

    def respond(body: JSONDict) -> Script:
        nonlocal served
        served += 1
        return schedule.fault(kind if times is None or served <= times else "ok", body)

    return respond


@pytest.mark.parametrize("kind", FAULTS)
def test_one_fault_of_each_kind_is_survived(kind: str) -> None:
    with LLMServer(default=faults_first(kind, 1)) as server:
        result = llm_coach(server, COACH_REQUEST_TIMEOUT=0.5).translate(TEXT)
    assert result.rewrite == PLAIN
    assert len(server.requests) == 2
    second = server.requests[1]["messages"]
    if kind in RE_ASKED:  # the re-ask says what was wrong
        assert second[-1]["role"] == "user" and "does not match the required JSON format" in second[-1]["content"]
    else:  # a transport fault is asked again unchanged
        assert second == server.requests[0]["messages"]


@pytest.mark.parametrize("kind", FAULTS)
def test_a_fault_every_time_is_one_clear_error_within_the_budget(kind: str) -> None:
    with LLMServer(default=faults_first(kind, None)) as server:
        with pytest.raises(ModelError) as err:
            llm_coach(server, COACH_MAX_RETRIES=1, COACH_REQUEST_TIMEOUT=0.5).translate(TEXT)
        sent = len(server.requests)
    message = str(err.value)
    assert err.value.kind == KIND_OF_ERROR[kind], message
    assert "\n" not in message and "Error:" not in message and "Traceback" not in message
    assert message.startswith(f"The model endpoint at {server.base_url} ")
    # Budget: 1 + COACH_MAX_RETRIES HTTP requests per answer, and one re-ask only for invalid output.
    assert sent == 2


@pytest.mark.parametrize(
    ("reply", "kind", "words"),
    [
        (Reply(content="", refusal="I can't help with that."), "refused", "refused to answer: I can't help with that."),
        (Reply(content="", finish_reason="content_filter"), "refused", "withheld the answer (content filter)"),
    ],
    ids=["refusal", "content filter"],
)
def test_a_refusal_is_one_clear_error_and_not_asked_again(
    llm_server: LLMServer, reply: Reply, kind: str, words: str
) -> None:
    llm_server.enqueue(reply)
    with pytest.raises(ModelError) as err:
        llm_coach(llm_server).translate(TEXT)
    assert err.value.kind == kind and words in str(err.value)
    assert len(llm_server.requests) == 1


def test_an_answer_cut_off_at_the_token_limit_is_re_asked_for_a_briefer_one(llm_server: LLMServer) -> None:
    cut = json.dumps(GOOD)[:30]
    llm_server.enqueue(Reply(content=cut, finish_reason="length"), GOOD)
    assert llm_coach(llm_server).translate(TEXT).rewrite == GOOD["rewrite"]
    feedback = llm_server.requests[1]["messages"][-1]["content"]
    assert "cut off at the token limit" in feedback and "answer more briefly" in feedback
    assert llm_server.requests[1]["messages"][-2] == {"role": "assistant", "content": cut}

    llm_server.enqueue(Reply(content=cut, finish_reason="length"), Reply(content=cut, finish_reason="length"))
    with pytest.raises(ModelError, match="the answer is incomplete: it was cut off at the token limit") as err:
        llm_coach(llm_server).translate(TEXT)
    assert err.value.kind == "invalid_output"
