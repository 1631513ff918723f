"""The fast path for OpenAI-compatible chat models: one `chat.completions.create` per answer, in the caller's thread.

Why not `with_structured_output`: langchain-openai sends structured output through the SDK's
`chat.completions.parse`, which walks the request (messages and JSON schema) through the SDK's TypedDict
transform twice, where `create` walks it once (~1.5 ms of CPU per call), and the Runnable machinery adds config,
callback-manager and message-conversion work on top. Here the body is built by the model's own
`_get_request_payload` — the same bytes on the wire, the JSON schema as `response_format` — and sent through
`create`; what `parse` checked is checked here: a refusal, the finish reason (`length`: cut off at the token
limit; `content_filter`: withheld) and an answer without choices. LangChain callbacks (the eval runner's token
count, tracing) still see every call whenever any handler is active.

The deadline reaches into the SDK's own retry loop (`_DeadlineHooks` on a copy of the model's client, sharing its
connection pool): each HTTP attempt's timeout is cut to the time left; no attempt starts, and no retry wait
begins, once the deadline cannot be met; the attempts are counted, so coach's re-reads of an unreadable answer
share the SDK's transport budget instead of multiplying it.
"""

from __future__ import annotations

import json
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import openai
from langchain_core.callbacks import CallbackManager
from langchain_core.globals import get_llm_cache
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, LLMResult
from langchain_openai.chat_models.base import BaseChatOpenAI
from openai._models import FinalRequestOptions
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from coach.model._failures import DeadlinePassedError, IncompleteError, InvalidOutputError, NotJSONError, RefusedError

S = TypeVar("S", bound=BaseModel)

MAX_ANSWER_CHARS = 200_000
"""A model's answer is a page or two; past this it is runaway output, rejected before any check reads it."""


@dataclass
class CallState:
    """One model call (one `structured_call`): its deadline, and the HTTP attempts made so far."""

    deadline: float
    """time.monotonic() instant after which nothing is sent."""
    attempts: int = 0


CALL: ContextVar[CallState | None] = ContextVar("coach_model_call", default=None)
"""The call in progress in this context; read by the client hooks inside the SDK's retry loop."""


class _DeadlineHooks(openai.OpenAI):
    """Mixed in before the client's own class: the SDK calls these two hooks on every attempt and retry."""

    def _prepare_options(self, options: FinalRequestOptions) -> FinalRequestOptions:
        options = super()._prepare_options(options)
        call = CALL.get()
        if call is None:  # used outside a coach call: a plain client
            return options
        left = call.deadline - time.monotonic()
        if left <= 0:
            raise DeadlinePassedError
        call.attempts += 1
        timeout = options.timeout if not isinstance(options.timeout, openai.NotGiven) else self.timeout
        options.timeout = _cut(timeout, left)
        return options

    def _sleep_for_retry(
        self,
        *,
        retries_taken: int,
        max_retries: int,
        options: FinalRequestOptions,
        response: Any,
    ) -> None:
        call = CALL.get()
        if call is None:
            super()._sleep_for_retry(
                retries_taken=retries_taken, max_retries=max_retries, options=options, response=response
            )
            return
        headers = response.headers if response is not None else None
        wait = self._calculate_retry_timeout(max_retries - retries_taken, options, headers)
        if time.monotonic() + wait >= call.deadline:
            # Waiting would end past the deadline: stop now, with what the last attempt said.
            status = response.status_code if response is not None else None
            reason = f"{status} {response.reason_phrase}".strip() if response is not None else ""
            raise DeadlinePassedError(status, reason, wait)
        time.sleep(wait)


def _cut(timeout: object, left: float) -> float | openai.Timeout:
    """`timeout` (seconds, an `openai.Timeout`, or None for none) with every phase bounded by `left` seconds."""
    if isinstance(timeout, int | float):
        return min(float(timeout), left)
    if not isinstance(timeout, openai.Timeout):  # None (no timeout) or a shape we do not know: the time left
        return left
    return openai.Timeout(
        connect=min(timeout.connect, left) if timeout.connect is not None else left,
        read=min(timeout.read, left) if timeout.read is not None else left,
        write=min(timeout.write, left) if timeout.write is not None else left,
        pool=min(timeout.pool, left) if timeout.pool is not None else left,
    )


_hooked: dict[type[openai.OpenAI], type[openai.OpenAI]] = {}


def _with_hooks(cls: type[openai.OpenAI]) -> type[openai.OpenAI]:
    """`cls` with the hooks mixed in first (made once per client class)."""
    if cls not in _hooked:
        _hooked[cls] = cls if issubclass(cls, _DeadlineHooks) else type(cls.__name__, (_DeadlineHooks, cls), {})
    return _hooked[cls]


def deadline_client(client: openai.OpenAI) -> openai.OpenAI:
    """A copy of `client` (same credentials, endpoint, retries and connection pool) that honours `CALL`.

    The SDK's `with_options` makes the copy; its class is then swapped for a subclass adding the two hooks, which
    keeps whatever the client's own class does (Azure's deployment routing, for one).
    """
    copy = client.with_options()
    copy.__class__ = _with_hooks(type(client))
    return copy


def eligible(model: BaseChatModel) -> bool:
    """True when `model` is an OpenAI chat-completions model this path can call exactly as langchain would."""
    if not isinstance(model, BaseChatOpenAI) or not isinstance(model.root_client, openai.OpenAI):
        return False
    cls = type(model)
    overridden = (
        cls._generate is not BaseChatOpenAI._generate
        or cls._create_chat_result is not BaseChatOpenAI._create_chat_result
    )
    return not (
        overridden
        or model.streaming
        or (model.n or 1) != 1
        or model.rate_limiter is not None
        or model.cache not in (None, False)
        or (model.cache is None and get_llm_cache() is not None)  # LangChain's global cache applies to this model
        or model._use_responses_api(model._default_params)
    )


@dataclass(frozen=True)
class DirectAsker(Generic[S]):
    """Asks an OpenAI-compatible model for `schema` with `create` and the schema as `response_format`."""

    model: BaseChatOpenAI
    schema: type[S]
    client: openai.OpenAI
    params: dict[str, Any]
    """Everything in the request body but the messages, as the model's `_get_request_payload` builds it."""
    roles: dict[type[BaseMessage], str]
    """The wire role of each plain message class (a system message is 'developer' for o-series models)."""

    @classmethod
    def build(cls, model: BaseChatOpenAI, schema: type[S]) -> DirectAsker[S]:
        # The same strict JSON schema the SDK would derive from the class, computed once as a dict.
        function = openai.pydantic_function_tool(schema)["function"]
        json_schema = {"name": function["name"], "schema": function.get("parameters", {}), "strict": True}
        params = model._get_request_payload([], response_format={"type": "json_schema", "json_schema": json_schema})
        params.pop("stream", None)
        params.pop("messages", None)
        samples: list[BaseMessage] = [SystemMessage(content=""), HumanMessage(content=""), AIMessage(content="")]
        converted = model._get_request_payload(samples)["messages"]
        roles = {type(m): str(d["role"]) for m, d in zip(samples, converted, strict=True)}
        return cls(model, schema, deadline_client(model.root_client), params, roles)

    def payload(self, conversation: list[BaseMessage]) -> dict[str, Any]:
        """The request body: LangChain's conversion for any message but a plain text one (~50 µs saved a call)."""
        messages: list[dict[str, Any]] = []
        for m in conversation:
            role = self.roles.get(type(m))
            plain = isinstance(m.content, str) and not m.name and not m.additional_kwargs
            if role is not None and plain and not (isinstance(m, AIMessage) and (m.tool_calls or m.invalid_tool_calls)):
                messages.append({"content": m.content, "role": role})
                continue
            messages.extend(self.model._get_request_payload([m])["messages"])
        return {**self.params, "messages": messages}

    @property
    def max_retries(self) -> int:
        return self.client.max_retries

    def ask(self, conversation: list[BaseMessage], attempts_left: int) -> S:
        """One answer, within `attempts_left` HTTP attempts (the SDK retries transport faults inside them)."""
        payload = self.payload(conversation)
        client = self.client
        if attempts_left <= client.max_retries:  # a re-read after an unreadable answer: what is left of the budget
            client = client.with_options(max_retries=max(attempts_left - 1, 0))
        manager = _listening(self.model)
        run = (
            manager.on_chat_model_start(
                self.model._serialized, [conversation], invocation_params=self.params, options={}, batch_size=1
            )[0]
            if manager is not None
            else None
        )
        try:
            completion = client.chat.completions.create(**payload)
        except json.JSONDecodeError as exc:  # the HTTP body itself was cut off (not the model's JSON)
            error: Exception = IncompleteError("the response body was cut off")
            if run is not None:
                run.on_llm_error(error)
            raise error from exc
        except BaseException as exc:
            if run is not None:
                run.on_llm_error(exc)
            raise
        if run is not None:
            run.on_llm_end(_llm_result(completion))
        return read_answer(completion, self.schema)


def _listening(model: BaseChatModel) -> CallbackManager | None:
    """The callback manager LangChain would use for this call, or None when no handler listens (~10 µs)."""
    manager = CallbackManager.configure(None, model.callbacks, model.verbose, None, model.tags, None, model.metadata)
    return manager if manager.handlers else None


def _llm_result(completion: ChatCompletion) -> LLMResult:
    """The call as LangChain reports it to callbacks: the message, its token usage and the model's name."""
    choices = getattr(completion, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    content = (getattr(message, "content", None) or "") if message is not None else ""
    usage = getattr(completion, "usage", None)
    model_name = getattr(completion, "model", None) or ""
    ai = AIMessage(
        content=content,
        response_metadata={"model_name": model_name, "model_provider": "openai"},
        usage_metadata=(
            {
                "input_tokens": usage.prompt_tokens,
                "output_tokens": usage.completion_tokens,
                "total_tokens": usage.total_tokens,
            }
            if usage is not None
            else None
        ),
    )
    token_usage = usage.model_dump() if usage is not None else None
    return LLMResult(
        generations=[[ChatGeneration(message=ai)]], llm_output={"token_usage": token_usage, "model_name": model_name}
    )


def read_answer(completion: ChatCompletion, schema: type[S]) -> S:
    """The first choice as `schema`; the checks `chat.completions.parse` would make, then validation."""
    choices = getattr(completion, "choices", None)
    message = getattr(choices[0], "message", None) if choices else None
    if message is None:  # "choices": [] or a body without the expected fields
        raise IncompleteError("the response had no answer in it")
    refusal = getattr(message, "refusal", None)
    if refusal:
        raise RefusedError(str(refusal))
    finish = getattr(choices[0], "finish_reason", None) if choices else None
    if finish == "content_filter":
        raise RefusedError("content filter", content_filter=True)
    content = getattr(message, "content", None) or ""
    if not isinstance(content, str):
        raise IncompleteError("the response had no answer in it")
    if finish == "length":
        raise InvalidOutputError(
            content,
            ValueError(
                "the answer is incomplete: it was cut off at the token limit (COACH_MAX_OUTPUT_TOKENS); "
                "answer more briefly"
            ),
        )
    return parse_answer(content, schema)


def parse_answer(content: str, schema: type[S]) -> S:
    """`content` (the model's text) validated as `schema`, or `InvalidOutputError` carrying it."""
    if len(content) > MAX_ANSWER_CHARS:
        raise InvalidOutputError("", ValueError(f"the answer is over {MAX_ANSWER_CHARS:,} characters; answer briefly"))
    text = strip_fences(content)
    try:
        return schema.model_validate_json(text)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors(include_url=False)):
            raise InvalidOutputError(content, NotJSONError("not valid JSON")) from exc
        raise InvalidOutputError(content, exc) from exc


def strip_fences(text: str) -> str:
    """Local models often wrap JSON in a ```json fence even when asked not to."""
    stripped = text.strip()
    if stripped.startswith("```") and stripped.endswith("```"):
        stripped = stripped.removeprefix("```json").removeprefix("```").removesuffix("```")
    return stripped
