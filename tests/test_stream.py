"""Streaming the rewrite (`Coach.translate_stream`): the partial-JSON reader, and the streamed call against a
loopback server that sends server-sent events — pieces arriving, breaking off, stalling, refusing, invalid."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from llm_server import LLMServer, Reply

from coach import Coach, Settings
from coach.errors import InputError, ModelError
from coach.features.translate import TranslateResult
from coach.model._partial import FieldReader

GOOD = {
    "rewrite": "Search is 4 times faster for customers: slow searches went from 800ms to 200ms.",
    "changes": [{"before": "p99 latency", "after": "slow searches", "reason": "executives do not say p99"}],
    "why_it_matters": "Customers wait less.",
}
TEXT = "We cut p99 latency from 800ms to 200ms, so search is 4 times faster."


def streamed(answer: dict[str, Any] | str = GOOD, **more: Any) -> Reply:
    content = answer if isinstance(answer, str) else json.dumps(answer)
    return Reply(content=content, **{"chunk_chars": 6, **more})


def llm_coach(server: LLMServer, **values: Any) -> Coach:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        OPENAI_BASE_URL=server.base_url,
        COACH_MODEL="m",
        **{"COACH_MAX_RETRIES": 2, "COACH_DEADLINE": 20, **values},
    )
    return Coach.from_settings(settings)


def run(coach: Coach, text: str = TEXT) -> tuple[list[str], TranslateResult]:
    """The partial rewrites, then the result, of one streamed translation."""
    *partials, result = list(coach.translate_stream(text, "executive"))
    assert all(isinstance(p, str) for p in partials) and isinstance(result, TranslateResult)
    return partials, result  # type: ignore[return-value]


# --- the partial-JSON reader -----------------------------------------------------------------------------------


def read_in_pieces(text: str, size: int, field: str = "rewrite") -> list[str]:
    reader = FieldReader(field)
    return [reader.feed(text[i : i + size]) for i in range(0, len(text), size)]


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ('{"rewrite": "Plain words."}', "Plain words."),
        ('```json\n{"changes": [{"rewrite": "no"}], "rewrite": "yes", "x": 1}\n```', "yes"),
        ('{"why": "a \\"quoted\\" rewrite", "rewrite": "A \\"quote\\",\\n a tab\\t"}', 'A "quote",\n a tab\t'),
        ('{"rewrite": "4\\u00d7 faster \\ud83d\\ude80, caf\\u00e9"}', "4× faster 🚀, café"),
        ('{"rewrite" : "spaced" , "changes": []}', "spaced"),
        ('{"details": {"rewrite": "nested"}, "changes": []}', ""),
        ('{"rewrite": "lone \\ud83d high"}', "lone \ufffd high"),
        ("not JSON at all", ""),
    ],
    ids=["plain", "fence-and-nested", "escapes", "unicode", "spaces", "only-nested", "lone-surrogate", "not-json"],
)
def test_the_reader_finds_the_top_level_field_whatever_the_pieces(answer: str, value: str) -> None:
    for size in (1, 2, 3, 7, len(answer)):  # an escape or a \\u cut between pieces is completed by the next
        assert read_in_pieces(answer, size)[-1] == value, f"pieces of {size}"


@given(
    rewrite=st.text(),
    before=st.dictionaries(st.sampled_from(["changes", "why_it_matters"]), st.text(max_size=20)),
    size=st.integers(1, 12),
)
def test_the_value_only_grows_and_ends_as_the_json_says(rewrite: str, before: dict[str, str], size: int) -> None:
    answer = json.dumps({**before, "rewrite": rewrite, "after": ["x"]}, ensure_ascii=size % 2 == 0)

    values = read_in_pieces(answer, size)

    assert values[-1] == rewrite
    assert all(rewrite.startswith(v) for v in values)


# --- the streamed call ---------------------------------------------------------------------------------------


def test_the_rewrite_grows_piece_by_piece_then_the_checked_result(llm_server: LLMServer) -> None:
    llm_server.enqueue(streamed(chunk_delay_s=0.01), GOOD)  # a model writing, not a burst
    coach = llm_coach(llm_server)

    partials, result = run(coach)
    plain = coach.translate(TEXT, "executive")

    assert len(partials) > 5 and partials[-1] == GOOD["rewrite"]
    assert all(b.startswith(a) for a, b in itertools.pairwise(partials))
    # The same answer, the same checks: streamed or not, the result is the same.
    assert result.model_dump(exclude={"cached"}) == plain.model_dump(exclude={"cached"})
    stream_body, plain_body = llm_server.requests
    assert stream_body.pop("stream") is True and "stream" not in plain_body
    stream_body.pop("stream_options", None)
    assert stream_body == plain_body  # same messages, same response_format, same parameters


def test_the_offline_engine_yields_the_result_once() -> None:
    coach = Coach(Settings(_env_file=None, COACH_ENGINE="offline"))  # type: ignore[call-arg]

    steps = list(coach.translate_stream(TEXT, "executive"))

    assert len(steps) == 1 and steps[0] == coach.translate(TEXT, "executive")


def test_a_stream_broken_off_once_is_read_again_from_the_start(llm_server: LLMServer) -> None:
    llm_server.enqueue(streamed(break_after=4), streamed())

    partials, result = run(llm_coach(llm_server))

    assert result.rewrite == GOOD["rewrite"] and len(llm_server.requests) == 2
    restart = partials.index("")  # the broken attempt's text is taken back before the new one grows
    assert partials[restart - 1] and partials[-1] == GOOD["rewrite"]


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        ({"break_after": 4}, "the answer stream broke off mid-answer"),
        ({"break_after": 4, "stream_error": "overloaded"}, "the endpoint reported an error mid-answer: overloaded"),
        ({"finish_reason": None}, "the answer stream ended before the answer was complete"),
    ],
    ids=["dropped", "error-event", "no-finish"],
)
def test_a_stream_broken_every_time_is_one_clear_error(
    llm_server: LLMServer, fault: dict[str, Any], cause: str
) -> None:
    llm_server.enqueue(*[streamed(**fault)] * 3)

    with pytest.raises(ModelError) as err:
        run(llm_coach(llm_server))

    message = str(err.value)
    assert message.startswith("The model endpoint at http://127.0.0.1:") and "\n" not in message
    assert f"sent an incomplete answer 3 times ({cause}); try again later." in message
    assert err.value.kind == "failed" and len(llm_server.requests) == 3  # 1 + COACH_MAX_RETRIES, not more


def test_an_invalid_streamed_answer_is_re_asked_once_with_what_was_wrong(llm_server: LLMServer) -> None:
    wrong = {"rewrite": "Half an answer."}
    llm_server.enqueue(streamed(wrong), streamed())

    partials, result = run(llm_coach(llm_server))

    assert "Half an answer." in partials and result.rewrite == GOOD["rewrite"]
    reask = llm_server.requests[1]["messages"]
    assert reask[-2] == {"role": "assistant", "content": json.dumps(wrong)}
    assert "changes" in reask[-1]["content"] and reask[-1]["role"] == "user"


@pytest.mark.parametrize(
    ("reply", "kind", "words"),
    [
        (Reply(content="", refusal="I cannot help with that."), "refused", "refused to answer"),
        (streamed(finish_reason="content_filter"), "refused", "content filter"),
        (streamed(json.dumps(GOOD)[:40], finish_reason="length"), "invalid_output", "cut off at the token limit"),
    ],
    ids=["refusal", "content-filter", "token-limit"],
)
def test_what_the_non_streamed_answer_checks_the_streamed_one_checks(
    llm_server: LLMServer, reply: Reply, kind: str, words: str
) -> None:
    llm_server.enqueue(reply, reply)

    with pytest.raises(ModelError) as err:
        run(llm_coach(llm_server))

    assert err.value.kind == kind and words in str(err.value)


def test_a_slow_stream_ends_at_the_deadline_with_one_clear_error(llm_server: LLMServer) -> None:
    llm_server.enqueue(streamed(chunk_delay_s=0.4))
    coach = llm_coach(llm_server, COACH_DEADLINE=1.5)

    started = time.monotonic()
    with pytest.raises(ModelError) as err:
        run(coach)

    assert time.monotonic() - started < 2.0  # the request's deadline, not the stream's end (~9 s)
    assert err.value.kind == "timeout" and "did not answer within" in str(err.value)
    assert len(llm_server.requests) == 1


def test_bad_input_fails_before_any_request(llm_server: LLMServer) -> None:
    with pytest.raises(InputError, match="Nothing to translate"):
        run(llm_coach(llm_server), "   ")
    assert llm_server.requests == []


def test_a_reader_that_stops_listening_stops_the_stream(llm_server: LLMServer) -> None:
    llm_server.enqueue(streamed(chunk_delay_s=0.2), GOOD)
    coach = llm_coach(llm_server)

    steps = coach.translate_stream(TEXT, "executive")
    first = next(steps)
    steps.close()
    started = time.monotonic()
    again = coach.translate(TEXT, "executive")  # the connection pool is free for the next request

    assert isinstance(first, str) and again.rewrite == GOOD["rewrite"]
    assert time.monotonic() - started < 2.0


def test_redacted_values_are_restored_in_the_partial_text_too(llm_server: LLMServer) -> None:
    answer = dict(GOOD, rewrite="Ask [EMAIL_1]: search is 4 times faster, from 800ms to 200ms.")
    llm_server.enqueue(streamed(answer))
    coach = llm_coach(llm_server, COACH_REDACT="on")

    partials, result = run(coach, TEXT + " Questions: ana@example.com")

    assert "ana@example.com" not in json.dumps(llm_server.requests[0]["messages"])
    assert not any("[EMAIL_1]" in p for p in partials)
    assert partials[-1] == result.rewrite == "Ask ana@example.com: search is 4 times faster, from 800ms to 200ms."
