"""The model seam: build the chat model from settings, and ask it for typed (pydantic) output.

Retries happen in three layers, each in exactly one place. Mixing them is the usual cause of a run that
retries far more (or far less) than expected, so no other module adds a retry loop around a model call.

(a) Transport — the openai SDK's own retries, configured by `max_retries` on `ChatOpenAI`
    (`COACH_MAX_RETRIES` = R, default 2). It retries 408, 409, 429 and 5xx answers, timeouts
    (`COACH_REQUEST_TIMEOUT`, per HTTP attempt) and connection errors, with exponential backoff (0.5 s
    doubling, capped at 8 s, minus up to 25 % jitter) or the server's `Retry-After` / `retry-after-ms` when it
    is positive and at most 2 minutes. A 200 answer the client cannot read (a cut-off body, `"choices": []`) is
    read again here, from the same budget: one answer costs at most 1 + R HTTP requests, whatever failed.
(b) Output — when the answer is not valid JSON, does not validate against the schema, is over
    `MAX_ANSWER_CHARS`, or was cut off at the token limit, `structured_call` re-asks ONCE, sending back the
    model's previous raw answer as an `AIMessage` and what was wrong as a `HumanMessage`. The re-ask is a new
    answer with its own transport budget.
(c) Deadline — `deadline` (the user request's one deadline, `COACH_DEADLINE`) bounds everything: no HTTP
    attempt, re-read, retry wait or re-ask starts once it has passed (or, for a wait, once the wait would end
    past it), and each attempt's timeout is cut to the time left, so nothing reaches the endpoint after the
    caller has been told the request failed.

So one model call sends at most 2 × (1 + R) HTTP requests (6 with the defaults) and ends by the deadline.

OpenAI-compatible models built here (or any plain `ChatOpenAI`) take the fast path in `_direct`: one
`chat.completions.create` per answer in the caller's thread. Inside `streaming(field, on_text)` that request is
streamed (`_stream`): `on_text` sees one string field of the answer grow, and the assembled answer goes through
the same checks and the same three layers. Any other LangChain chat model goes through its own
`with_structured_output` in `_langchain`, in a worker thread the caller stops waiting for at the deadline.

Whatever fails after these layers becomes one `ModelError` whose message is a single line naming the cause.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, Protocol, TypeVar

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import BaseChatOpenAI
from pydantic import BaseModel, ValidationError

from coach.errors import ConfigError, ModelError
from coach.model import _direct
from coach.model._direct import CALL, MAX_ANSWER_CHARS, CallState, DirectAsker
from coach.model._failures import DeadlinePassedError, IncompleteError, InvalidOutputError, attempts_of, model_error
from coach.model._langchain import LangChainAsker, run_before_deadline
from coach.model._stream import StreamingAsker, StreamSink
from coach.model.cache import AnswerCache, cache_key
from coach.model.prompts import PromptSpec
from coach.redact import mask_url
from coach.settings import Settings

__all__ = [
    "MAX_ANSWER_CHARS",
    "OUTPUT_ATTEMPTS",
    "StreamSink",
    "build_chat_model",
    "describe_endpoint",
    "streaming",
    "structured_call",
]

S = TypeVar("S", bound=BaseModel)
S_co = TypeVar("S_co", bound=BaseModel, covariant=True)

OUTPUT_ATTEMPTS = 2
"""Layer (b): the first answer plus one re-ask."""
PLACEHOLDER_API_KEY = "not-needed"
"""Sent when only a base URL is set: local servers (Ollama, vLLM, llama.cpp) ignore the key."""
OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
_DEADLINE_SLACK_S = 0.01
"""A timeout this close to the deadline was the deadline's (each attempt's timeout is cut to the time left)."""


def build_chat_model(settings: Settings) -> BaseChatModel:
    """A `ChatOpenAI` for any OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, llama.cpp ...)."""
    if not settings.openai_api_key and not settings.openai_base_url:
        raise ConfigError(
            "The LLM engine needs an endpoint: set OPENAI_API_KEY (for OpenAI) or OPENAI_BASE_URL "
            "(for Ollama, vLLM, llama.cpp, Azure ...), or use --engine offline."
        )
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key or PLACEHOLDER_API_KEY,
        temperature=settings.temperature,
        timeout=settings.request_timeout_s,
        max_retries=settings.max_transport_retries,
        max_tokens=settings.max_output_tokens,
    )


_STREAM: ContextVar[StreamSink | None] = ContextVar("coach_model_stream", default=None)


@contextmanager
def streaming(field: str, on_text: Callable[[str], None]) -> Iterator[StreamSink]:
    """Inside the block, structured calls whose schema has the string field `field` stream their answer.

    `on_text` gets the field's whole value so far each time it grows ('' when a re-read or re-ask starts over),
    in the thread making the call. Only the fast path streams (an OpenAI-compatible model); any other model, or
    an answer from the cache, gives no partial text — the call's result is the same either way. Setting the
    yielded sink's `cancelled` stops a streamed call at its next piece (with a `ModelError`).
    """
    sink = StreamSink(field, on_text)
    token = _STREAM.set(sink)
    try:
        yield sink
    finally:
        _STREAM.reset(token)


class _Asker(Protocol[S_co]):
    def ask(self, conversation: list[BaseMessage], attempts_left: int) -> S_co: ...


def structured_call(
    model: BaseChatModel,
    prompt: PromptSpec,
    schema: type[S],
    variables: Mapping[str, str],
    *,
    deadline_s: float | None = None,
    deadline: float | None = None,
    history: Sequence[tuple[str, str]] = (),
    cache: AnswerCache | None = None,
    on_cache_hit: Callable[[], None] | None = None,
    transport_retries: int | None = None,
) -> S:
    """Ask `model` with `prompt` rendered from `variables` (after `history`); return the answer as `schema`.

    The call ends by `deadline` (a time.monotonic() instant: the user request's one deadline) or within
    `deadline_s` seconds. `transport_retries` (default: the model's own `max_retries`) is R of layer (a).
    Raises `DataError` (before any request) when a variable is missing, and `ModelError` (with a `kind`) when the
    endpoint fails after its retries, answers invalid output twice, or misses the deadline.
    """
    messages = prompt.render(variables, history)
    if deadline is None:
        deadline = time.monotonic() + (deadline_s if deadline_s is not None else 120.0)
    left = deadline - time.monotonic()
    budget = f"{deadline_s:g} s" if deadline_s is not None else "the request's deadline"
    if left <= 0:
        where = describe_endpoint(model)
        raise ModelError(f"{where} was not asked: the request's deadline had passed (COACH_DEADLINE).", kind="timeout")
    key = _cache_key(model, schema, messages) if cache is not None else None
    if cache is not None and key is not None and (hit := cache.get(key)) is not None:
        try:
            answer = schema.model_validate(hit)
        except ValidationError:
            pass  # an entry from an older schema: ask again
        else:
            if on_cache_hit is not None:
                on_cache_hit()
            return answer
    asker = _asker(model, schema)
    sink = _STREAM.get()
    if sink is not None and isinstance(asker, DirectAsker) and sink.field in schema.model_fields:
        asker = StreamingAsker(asker, sink)
    retries = transport_retries if transport_retries is not None else _max_retries(model)
    call = CallState(deadline)

    def ask() -> S:
        token = CALL.set(call)
        try:
            return _until_valid(asker, messages, call, 1 + retries)
        finally:
            CALL.reset(token)

    try:
        # The fast path needs no thread: the deadline reaches inside the SDK (see `_direct`).
        answer = ask() if isinstance(asker, DirectAsker | StreamingAsker) else run_before_deadline(ask, left)
    except ModelError:
        raise
    except Exception as exc:
        raise _failure(exc, model, call, budget, retries) from exc
    if cache is not None and key is not None:
        cache.put(key, answer.model_dump(mode="json"))
    return answer


def _failure(exc: Exception, model: BaseChatModel, call: CallState, budget: str, retries: int) -> ModelError:
    """The `ModelError` for what survived every layer (the endpoint's description is built only here)."""
    where = describe_endpoint(model)
    if isinstance(exc, TimeoutError):  # the worker thread of the general path missed the deadline
        exc = DeadlinePassedError()
    if isinstance(exc, InvalidOutputError):
        return ModelError(
            f"{where} answered {OUTPUT_ATTEMPTS} times with output that does not match the expected format: "
            f"{exc.short}",
            kind="invalid_output",
        )
    if isinstance(exc, IncompleteError):
        return ModelError(
            f"{where} sent an incomplete answer {exc.times} time{'s' if exc.times != 1 else ''} ({exc.what}); "
            "try again later.",
            kind="failed",
        )
    if isinstance(exc, openai.APITimeoutError) and time.monotonic() >= call.deadline - _DEADLINE_SLACK_S:
        exc = DeadlinePassedError()  # the attempt's timeout was the deadline's
    return model_error(exc, where, attempts=attempts_of(exc, retries), budget=budget)


def _until_valid(asker: _Asker[S], messages: list[BaseMessage], call: CallState, budget: int) -> S:
    """Layer (b): the answer, re-asked once with what was wrong when it does not validate."""
    conversation = list(messages)
    for attempt in range(OUTPUT_ATTEMPTS):
        try:
            return _readable(asker, conversation, call, budget)
        except InvalidOutputError as exc:
            if attempt + 1 == OUTPUT_ATTEMPTS:
                raise
            # The re-ask shows the model what it said and why that was rejected.
            conversation.extend([AIMessage(content=exc.raw), HumanMessage(content=exc.feedback)])
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _readable(asker: _Asker[S], conversation: list[BaseMessage], call: CallState, budget: int) -> S:
    """Layer (a)'s re-reads: an unreadable 200 answer is asked again while the answer's HTTP budget lasts."""
    start = call.attempts
    reads = 0
    while True:
        if time.monotonic() >= call.deadline:
            raise DeadlinePassedError
        # The fast path counts HTTP attempts (SDK retries included); the general path can only count its reads.
        used = max(reads, call.attempts - start)
        reads += 1
        try:
            return asker.ask(conversation, budget - used)
        except IncompleteError as exc:
            if max(reads, call.attempts - start) >= budget:
                raise IncompleteError(exc.what, times=reads) from exc
            _pause(call.deadline, min(0.25 * 2 ** (reads - 1), 2.0))


def _pause(deadline: float, seconds: float) -> None:
    """Wait before a re-read, unless the wait would end past the deadline (then there is no point)."""
    if time.monotonic() + seconds >= deadline:
        raise DeadlinePassedError
    time.sleep(seconds)


_ASKERS_SIZE = 32
_askers: dict[tuple[int, type[BaseModel]], tuple[BaseChatModel, object, _Asker[Any]]] = {}


def _asker(model: BaseChatModel, schema: type[S]) -> _Asker[S]:
    """Built once per (model, schema): the JSON schema, the request parameters and the client copy are made once,
    not per call — and again if the model's parameters were changed since (a new temperature, say)."""
    key = (id(model), schema)
    params = model._default_params if isinstance(model, BaseChatOpenAI) else None
    hit = _askers.get(key)
    if hit is not None and hit[0] is model and hit[1] == params:  # the entry holds the model: its id is not reused
        return hit[2]
    built: _Asker[S] = (
        DirectAsker.build(model, schema)
        if isinstance(model, BaseChatOpenAI) and _direct.eligible(model)
        else LangChainAsker.build(model, schema)
    )
    if len(_askers) >= _ASKERS_SIZE:
        _askers.pop(next(iter(_askers)))
    _askers[key] = (model, params, built)
    return built


def _max_retries(model: BaseChatModel) -> int:
    value = getattr(model, "max_retries", None)
    return value if isinstance(value, int) and value >= 0 else 2


@cache
def _schema_identity(schema: type[BaseModel]) -> str:
    return cache_key(module=schema.__module__, name=schema.__qualname__, schema=schema.model_json_schema())


def _cache_key(model: BaseChatModel, schema: type[BaseModel], messages: list[BaseMessage]) -> str | None:
    """The answer's identity: model, endpoint, sampling, output schema and the exact messages (None: uncacheable)."""
    if not isinstance(model, BaseChatOpenAI):
        return None  # another chat model cannot say what it is; never serve it someone else's answer
    return cache_key(
        model=[type(model).__name__, model.model_name, model.openai_api_base, model.temperature, model.max_tokens],
        schema=_schema_identity(schema),
        messages=[[m.type, m.content] for m in messages],
    )


def describe_endpoint(model: BaseChatModel) -> str:
    """'The model endpoint at <url>' for OpenAI-compatible models, else 'The model (<class>)'."""
    if isinstance(model, BaseChatOpenAI):
        return f"The model endpoint at {mask_url(model.openai_api_base or OPENAI_DEFAULT_BASE_URL)}"
    return f"The model ({type(model).__name__})"
