"""The request's deadline ends upstream traffic: once the caller is told the request failed, the endpoint hears
nothing more from it (no retry, no re-read, no re-ask), and no wait runs on past the deadline."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from llm_server import LLMServer, Reply

from coach import Coach, Settings
from coach.errors import ModelError
from coach.features.translate.chain import TranslationDraft
from coach.model.prompts import load_prompt
from coach.model.seam import structured_call

GOOD = {"rewrite": "Search is 4 times faster for customers.", "changes": [], "why_it_matters": "Customers wait less."}
TEXT = "Search is 4 times faster after the index rebuild."


def llm_coach(server: LLMServer, **values: Any) -> Coach:
    """A coach whose first request does no one-off work (opening the profile store, reading the prompt file)
    before its deadline starts, so what a test times is the request itself."""
    settings = Settings(
        _env_file=None, COACH_ENGINE="llm", OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="sk-test", **values
    )
    coach = Coach.from_settings(settings)
    coach.context()
    load_prompt("translate")
    return coach


def test_no_upstream_call_happens_after_the_deadline() -> None:
    """Every answer hangs. The request timeout (4 s) outlives the deadline (1 s): a worker left running after the
    deadline would time out and retry at ~4.5 s and ~9 s — three hits within 12 s instead of one."""
    with LLMServer(default=lambda _body: Reply(content=json.dumps(GOOD), delay_s=30)) as server:
        coach = llm_coach(server, COACH_DEADLINE=1, COACH_REQUEST_TIMEOUT=4, COACH_MAX_RETRIES=2)
        started = time.monotonic()
        with pytest.raises(ModelError) as err:
            coach.translate(TEXT)
        told = time.monotonic() - started
        at_deadline = len(server.requests)
        time.sleep(12)
        after = len(server.requests)
    assert err.value.kind == "timeout" and "COACH_DEADLINE" in str(err.value)
    assert told < 1.5, f"the caller waited {told:.2f} s for a 1 s deadline"
    assert (at_deadline, after) == (1, 1)


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [(429, "rate_limited", "rate limited (429) and asked to wait 5 s"), (503, "timeout", "503 Service Unavailable")],
)
def test_a_retry_wait_past_the_deadline_is_not_waited(status: int, kind: str, words: str) -> None:
    """The server asks for 5 s of patience; the deadline is 1 s away: fail now, and never send the retry."""
    with LLMServer(default=lambda _body: Reply(status=status, headers={"Retry-After": "5"})) as server:
        coach = llm_coach(server, COACH_DEADLINE=1, COACH_MAX_RETRIES=2)
        started = time.monotonic()
        with pytest.raises(ModelError) as err:
            coach.translate(TEXT)
        told = time.monotonic() - started
        time.sleep(6)
        hits = len(server.requests)
    assert told < 0.5, f"waited {told:.2f} s for nothing"
    assert err.value.kind == kind and words in str(err.value) and "COACH_DEADLINE" in str(err.value)
    assert hits == 1


def test_each_attempt_is_cut_to_the_time_left() -> None:
    """A 60 s request timeout does not keep the caller past a 0.5 s deadline, retries or not."""
    with LLMServer(default=lambda _body: Reply(content=json.dumps(GOOD), delay_s=30)) as server:
        coach = llm_coach(server, COACH_DEADLINE=0.5, COACH_REQUEST_TIMEOUT=60, COACH_MAX_RETRIES=5)
        started = time.monotonic()
        with pytest.raises(ModelError, match=r"did not answer within .*COACH_DEADLINE"):
            coach.translate(TEXT)
        told = time.monotonic() - started
        hits = len(server.requests)
    assert 0.45 < told < 1.0, f"took {told:.2f} s"
    assert hits == 1
    # The timeout the SDK announces to the server is the time left, not the configured 60 s.
    assert float(server.request_headers[0]["x-stainless-read-timeout"]) <= 0.5


class SlowInvalidModel(BaseChatModel):
    """A chat model with no structured-output support that takes 0.4 s to answer something that is not JSON."""

    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "slow-invalid"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any) -> Any:
        self.calls += 1
        time.sleep(0.4)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="not json"))])


def test_an_abandoned_call_of_another_chat_model_does_not_re_ask_after_the_deadline() -> None:
    model = SlowInvalidModel()
    variables = {"audience_name": "sales", "audience_profile": "A sales lead.", "text": TEXT}
    started = time.monotonic()
    with pytest.raises(ModelError, match=r"did not answer within 0\.2 s"):
        structured_call(model, load_prompt("translate"), TranslationDraft, variables, deadline_s=0.2)
    assert time.monotonic() - started < 0.4
    time.sleep(1.0)  # the worker's first answer came at 0.4 s, past the deadline: no re-ask may follow it
    assert model.calls == 1


def test_every_phase_of_an_attempts_timeout_is_cut_to_the_time_left() -> None:
    import openai

    from coach.model._direct import _cut

    assert _cut(60, 0.5) == 0.5 and _cut(0.2, 0.5) == 0.2 and _cut(None, 0.5) == 0.5
    cut = _cut(openai.Timeout(60, connect=5.0, pool=None), 2.0)
    assert isinstance(cut, openai.Timeout)
    assert (cut.connect, cut.read, cut.write, cut.pool) == (2.0, 2.0, 2.0, 2.0)
