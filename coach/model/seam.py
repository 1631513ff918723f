"""The model seam: build the chat model from settings, and ask it for typed (pydantic) output.

Retries happen in three layers, each in exactly one place. Mixing them is the usual cause of a run that
retries far more (or far less) than expected, so no other module adds a retry loop around a model call.

(a) Transport — the openai SDK's own retries, configured by `max_retries` on `ChatOpenAI`
    (`COACH_MAX_RETRIES`, default 2, so up to 3 HTTP attempts). It retries 408, 409, 429 and 5xx answers,
    timeouts (`COACH_REQUEST_TIMEOUT`, per HTTP attempt) and connection errors, with exponential backoff
    (0.5 s doubling, capped at 8 s) or the server's `Retry-After` / `retry-after-ms` when it is positive
    and at most 2 minutes (`Retry-After: 0` falls back to the backoff). Nothing here retries transport faults.
(b) Output — when the answer does not parse or validate against the schema, `structured_call` re-asks
    ONCE (tenacity, 2 attempts in all), sending back the model's previous raw answer as an `AIMessage` and the
    validation error as a `HumanMessage`. Each re-ask is a fresh request with its own transport retries.
(c) Deadline — `deadline_s` (`COACH_DEADLINE`) bounds the whole call, re-ask and transport retries
    included: the call runs in a worker thread and the caller stops waiting when the deadline passes. The
    abandoned worker never starts a re-ask after the deadline; an HTTP attempt already in flight ends at its
    own request timeout.

Whatever fails after these layers becomes one `ModelError` whose message is a single line naming the cause.
"""

from __future__ import annotations

import contextvars
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import openai
from langchain_core import exceptions as lc_errors
from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable, RunnableLambda, RunnableMap
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import BaseChatOpenAI, OpenAIRefusalError
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from coach.errors import ConfigError, ModelError, ModelErrorKind
from coach.model.cache import AnswerCache, cache_key
from coach.model.prompts import PromptSpec
from coach.redact import mask_url
from coach.settings import Settings

S = TypeVar("S", bound=BaseModel)

OUTPUT_ATTEMPTS = 2
"""Layer (b): the first answer plus one re-ask."""
PLACEHOLDER_API_KEY = "not-needed"
"""Sent when only a base URL is set: local servers (Ollama, vLLM, llama.cpp) ignore the key."""
OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
_RETRYABLE_STATUS = frozenset({408, 409, 429})
_MAX_DETAIL = 160


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
    incomplete_retries: int = 2,
) -> S:
    """Ask `model` with `prompt` rendered from `variables` (after `history`); return the answer as `schema`.

    The call ends by `deadline` (a time.monotonic() instant: the user request's one deadline) or within
    `deadline_s` seconds. Raises `DataError` (before any request) when a variable is missing, and `ModelError`
    (with a `kind`) when the endpoint fails after its retries, answers invalid output twice, or misses the deadline.
    """
    messages = prompt.render(variables, history)
    where = describe_endpoint(model)
    if deadline is None:
        deadline = time.monotonic() + (deadline_s if deadline_s is not None else 120.0)
    left = deadline - time.monotonic()
    budget = f"{deadline_s:g} s" if deadline_s is not None else "the request's deadline"
    if left <= 0:
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
    structured = _structured(model, schema)
    try:
        answer = _run_before_deadline(lambda: _ask(structured, messages, deadline, incomplete_retries), left)
    except (TimeoutError, _DeadlinePassedError):
        raise ModelError(f"{where} did not answer within {budget} (COACH_DEADLINE).", kind="timeout") from None
    except _InvalidOutputError as exc:
        raise ModelError(
            f"{where} answered {OUTPUT_ATTEMPTS} times with output that does not match the expected format: "
            f"{exc.short}",
            kind="invalid_output",
        ) from exc
    except _IncompleteError as exc:
        raise ModelError(
            f"{where} sent an incomplete answer {incomplete_retries + 1} times ({exc.what}); try again later.",
            kind="failed",
        ) from exc
    except ModelError:
        raise
    except Exception as exc:
        raise _model_error(exc, where, model) from exc
    if cache is not None and key is not None:
        cache.put(key, answer.model_dump(mode="json"))
    return answer


MAX_ANSWER_CHARS = 200_000
"""A model's answer is a page or two; past this it is runaway output, rejected before any check reads it."""


def _cache_key(model: BaseChatModel, schema: type[BaseModel], messages: list[BaseMessage]) -> str | None:
    """The answer's identity: model, endpoint, sampling, output schema and the exact messages (None: uncacheable)."""
    if not isinstance(model, BaseChatOpenAI):
        return None  # another chat model cannot say what it is; never serve it someone else's answer
    return cache_key(
        model=[type(model).__name__, model.model_name, model.openai_api_base, model.temperature, model.max_tokens],
        schema=[schema.__module__, schema.__qualname__, schema.model_json_schema()],
        messages=[[m.type, m.content] for m in messages],
    )


def describe_endpoint(model: BaseChatModel) -> str:
    """'The model endpoint at <url>' for OpenAI-compatible models, else 'The model (<class>)'."""
    if isinstance(model, BaseChatOpenAI):
        return f"The model endpoint at {mask_url(model.openai_api_base or OPENAI_DEFAULT_BASE_URL)}"
    return f"The model ({type(model).__name__})"


class _InvalidOutputError(Exception):
    """An answer that does not match the schema (layer b re-asks on this, and only on this)."""

    def __init__(self, raw: str, error: BaseException) -> None:
        super().__init__(raw, error)
        self.raw = raw
        self.short = _short_error(error)
        self.feedback = _feedback(error)


class _IncompleteError(Exception):
    """A 200 answer the client could not read (a cut-off body, no choices): transient, asked again."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _DeadlinePassedError(Exception):
    """The deadline passed inside an abandoned worker: stop before another request."""


class _RefusedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Structured(Generic[S]):
    """A model wrapped with `with_structured_output`, and how to read its result."""

    model: BaseChatModel
    schema: type[S]
    runnable: Runnable[Any, Any]
    returns_json: bool
    """True: the runnable returns the parsed JSON (a dict) and we validate it; False: an include_raw dict."""

    def ask(self, conversation: list[BaseMessage]) -> S:
        """One request; the answer as `schema`, or `_InvalidOutputError` carrying the raw answer."""
        try:
            result = self.runnable.invoke(conversation)
        except json.JSONDecodeError as exc:  # the HTTP body itself was cut off (not the model's JSON)
            raise _IncompleteError("the response body was cut off") from exc
        except (IndexError, KeyError) as exc:  # "choices": [] or a body without the expected fields
            raise _IncompleteError("the response had no answer in it") from exc
        except OutputParserException as exc:  # the answer is not JSON
            raise _InvalidOutputError(str(exc.llm_output or ""), exc) from exc
        except ValidationError as exc:
            # A pydantic class given to ChatOpenAI: the openai SDK validates inside the request, so the error
            # escapes the model call instead of arriving as `parsing_error`; langchain-openai attaches the
            # HTTP response to it, and the raw answer is in there.
            raise _InvalidOutputError(_raw_from_http(exc), exc) from exc
        if len(json.dumps(result, ensure_ascii=False, default=str)) > MAX_ANSWER_CHARS:
            raise _InvalidOutputError(
                "", ValueError(f"the answer is over {MAX_ANSWER_CHARS:,} characters; answer briefly")
            )
        if self.returns_json:
            try:
                return self.schema.model_validate(result)
            except ValidationError as exc:
                raise _InvalidOutputError(json.dumps(result, ensure_ascii=False), exc) from exc
        return _parse_with_raw(result, self.schema)


_CACHE_SIZE = 32
_cache: dict[tuple[int, type[BaseModel]], _Structured[Any]] = {}


def _structured(model: BaseChatModel, schema: type[S]) -> _Structured[S]:
    """Built once per (model, schema): `with_structured_output` converts the schema on every call (~1 ms)."""
    key = (id(model), schema)
    hit = _cache.get(key)
    if hit is not None and hit.model is model:  # the entry holds the model, so its id cannot be reused
        return hit
    built = _build_structured(model, schema)
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = built
    return built


def _build_structured(model: BaseChatModel, schema: type[S]) -> _Structured[S]:
    if isinstance(model, BaseChatOpenAI):
        # The same strict JSON schema the SDK would derive from the class, precomputed as a dict: the SDK then
        # neither regenerates the schema nor validates on every request, and include_raw's two thread-pool
        # hops are not needed because invalid JSON arrives as an OutputParserException carrying the raw text.
        function = openai.pydantic_function_tool(schema)["function"]
        json_schema = {"name": function["name"], "schema": function.get("parameters", {}), "strict": True}
        json_runnable = model.with_structured_output(json_schema, method="json_schema")
        return _Structured(model, schema, json_runnable, returns_json=True)
    runnable: Runnable[Any, Any]
    try:
        runnable = model.with_structured_output(schema, method="json_schema", include_raw=True)
    except NotImplementedError:
        # A model without structured-output support (e.g. a test double): ask for JSON in plain text and
        # validate it here; the raw answer is still returned as `raw` so the re-ask works the same way.
        hint = SystemMessage(
            content="Answer with only a JSON object matching this JSON schema: "
            + json.dumps(schema.model_json_schema())
        )
        with_hint: Runnable[list[BaseMessage], list[BaseMessage]] = RunnableLambda(lambda messages: [*messages, hint])
        runnable = with_hint | RunnableMap(raw=model)
    return _Structured(model, schema, runnable, returns_json=False)


def _ask(structured: _Structured[S], messages: list[BaseMessage], deadline: float, incomplete_retries: int) -> S:
    conversation = list(messages)

    def read() -> S:
        # An unreadable 200 answer is a transport fault the SDK does not retry: asked again, within the deadline.
        for attempt_number in Retrying(
            stop=stop_after_attempt(incomplete_retries + 1),
            retry=retry_if_exception_type(_IncompleteError),
            wait=wait_exponential(multiplier=0.25, max=2),
            reraise=True,
        ):
            with attempt_number:
                if time.monotonic() >= deadline:
                    raise _DeadlinePassedError
                return structured.ask(conversation)
        raise AssertionError("unreachable")  # pragma: no cover - Retrying re-raises the last error

    def attempt() -> S:
        try:
            return read()
        except _InvalidOutputError as exc:
            # Layer (b): the re-ask shows the model what it said and why that was rejected.
            conversation.extend([AIMessage(content=exc.raw), HumanMessage(content=exc.feedback)])
            raise

    retrying = Retrying(
        stop=stop_after_attempt(OUTPUT_ATTEMPTS),
        retry=retry_if_exception_type(_InvalidOutputError),
        reraise=True,
    )
    return retrying(attempt)


def _raw_from_http(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    try:
        content = response.json()["choices"][0]["message"]["content"]  # type: ignore[union-attr]
    except Exception:
        return ""
    return content if isinstance(content, str) else ""


def _parse_with_raw(result: object, schema: type[S]) -> S:
    """A `with_structured_output(include_raw=True)` result as `schema`, or `_InvalidOutputError`."""
    if not isinstance(result, dict):
        raise TypeError(f"expected a dict with 'raw' from the structured model, got {type(result).__name__}")
    raw = result.get("raw")
    raw_text = raw.text if isinstance(raw, BaseMessage) else ""
    error = result.get("parsing_error")
    if isinstance(error, OpenAIRefusalError):
        raise _RefusedError(str(error))
    if error is not None:
        raise _InvalidOutputError(raw_text, error)
    parsed = result.get("parsed")
    if isinstance(parsed, schema):
        return parsed
    try:
        if parsed is not None:  # a dict, from models whose parser does not build the class
            return schema.model_validate(parsed)
        return schema.model_validate_json(_strip_fences(raw_text))
    except ValidationError as exc:
        raise _InvalidOutputError(raw_text, exc) from exc


def _strip_fences(text: str) -> str:
    """Local models often wrap JSON in a ```json fence even when asked not to."""
    stripped = text.strip()
    if stripped.startswith("```") and stripped.endswith("```"):
        stripped = stripped.removeprefix("```json").removeprefix("```").removesuffix("```")
    return stripped


def _run_before_deadline(fn: Callable[[], S], deadline_s: float) -> S:
    """Layer (c): run `fn` in a worker thread; raise `TimeoutError` if it has not finished in time."""
    future: Future[S] = Future()
    context = contextvars.copy_context()  # callbacks and tracing see the caller's context

    def work() -> None:
        try:
            future.set_result(context.run(fn))
        except BaseException as exc:  # handed to the caller, never lost in the thread
            future.set_exception(exc)

    # A daemon thread: an abandoned call must not keep the process alive after the deadline.
    threading.Thread(target=work, name="coach-model-call", daemon=True).start()
    return future.result(timeout=deadline_s)


def _model_error(exc: Exception, where: str, model: BaseChatModel) -> ModelError:
    """One line naming the cause of a failure that survived the transport retries."""
    if isinstance(exc, _InvalidOutputError | _DeadlinePassedError):  # pragma: no cover - handled by the caller
        raise AssertionError("unreachable")
    if isinstance(exc, openai.AuthenticationError | lc_errors.ModelAuthenticationError):
        return ModelError("The endpoint rejected the API key (401): check OPENAI_API_KEY.", kind="auth", status=401)
    if isinstance(exc, openai.PermissionDeniedError | lc_errors.ModelPermissionDeniedError):
        return ModelError(
            "The endpoint refused access (403): check OPENAI_API_KEY and COACH_MODEL.", kind="auth", status=403
        )
    if isinstance(exc, openai.NotFoundError | lc_errors.ModelNotFoundError):
        return ModelError(
            f"{where} does not know model or route (404): check COACH_MODEL and OPENAI_BASE_URL.",
            kind="not_found",
            status=404,
        )
    attempts = _attempts(exc, model)
    if isinstance(exc, openai.APIStatusError):
        status = f"{exc.status_code} {exc.response.reason_phrase}".strip()
        if exc.status_code in _RETRYABLE_STATUS or exc.status_code >= 500:
            kind: ModelErrorKind = "rate_limited" if exc.status_code == 429 else "failed"
            return ModelError(f"{where} failed after {attempts}: {status}", kind=kind, status=exc.status_code)
        return ModelError(
            f"{where} rejected the request: {status}: {_one_line(_api_message(exc))}", status=exc.status_code
        )
    if isinstance(exc, openai.APITimeoutError | lc_errors.ModelTimeoutError):
        return ModelError(f"{where} timed out on each of {attempts} (COACH_REQUEST_TIMEOUT).", kind="timeout")
    if isinstance(exc, openai.APIConnectionError | lc_errors.ModelConnectionError):
        cause = _one_line(str(exc.__cause__ or exc))
        return ModelError(
            f"{where} could not be reached after {attempts}: {cause}; check OPENAI_BASE_URL.", kind="unreachable"
        )
    if isinstance(exc, openai.LengthFinishReasonError):
        return ModelError(f"{where} stopped at its token limit before finishing the answer.", kind="invalid_output")
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return ModelError(f"{where} withheld the answer (content filter).", kind="refused")
    if isinstance(exc, _RefusedError):
        return ModelError(f"{where} refused to answer: {_one_line(exc.reason)}", kind="refused")
    return ModelError(f"{where} failed: {type(exc).__name__}: {_one_line(str(exc))}")


def _attempts(exc: Exception, model: BaseChatModel) -> str:
    """'3 attempts': the SDK stamps each request with the retries taken so far, else the configured max."""
    request = getattr(exc, "request", None)
    count = None
    if request is not None:
        header = request.headers.get("x-stainless-retry-count")
        count = int(header) + 1 if header and header.isdigit() else None
    if count is None:
        max_retries = getattr(model, "max_retries", None)
        count = max_retries + 1 if isinstance(max_retries, int) else 1
    return f"{count} attempt{'s' if count != 1 else ''}"


def _api_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])
    return exc.message


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_DETAIL else flat[: _MAX_DETAIL - 1] + "…"


def _short_error(error: BaseException) -> str:
    if isinstance(error, OutputParserException):
        return "not valid JSON"
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        return _one_line(f"{where + ': ' if where else ''}{first['msg']}{more}")
    return _one_line(str(error))


def _feedback(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        problems = "\n".join(
            f"- {'.'.join(str(p) for p in e['loc']) or '(whole answer)'}: {e['msg']}"
            for e in error.errors(include_url=False)
        )
    elif isinstance(error, OutputParserException):
        problems = "- it is not valid JSON: answer with one JSON object, no other text and no code fence"
    else:
        problems = f"- {_one_line(str(error))}"
    return (
        "Your answer does not match the required JSON format:\n"
        f"{problems}\n"
        "Answer again with only the corrected JSON object."
    )
