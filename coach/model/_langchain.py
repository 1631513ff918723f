"""The general path for any other LangChain chat model: `with_structured_output`, in a worker thread.

A model the fast path (`_direct`) cannot call exactly as LangChain would — Anthropic, Ollama's own class, Azure,
a test double, a ChatOpenAI using the Responses API or streaming — is asked through its own structured-output
support. Its client is not ours, so the deadline cannot reach inside its retries: the call runs in a worker
thread that the caller stops waiting for at the deadline, and the retry loops around it check the deadline
before every attempt, so an abandoned worker never starts another request.
"""

from __future__ import annotations

import contextvars
import json
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, SystemMessage
from langchain_core.runnables import Runnable, RunnableLambda, RunnableMap
from langchain_openai.chat_models.base import OpenAIRefusalError
from pydantic import BaseModel, ValidationError

from coach.model._direct import parse_answer
from coach.model._failures import IncompleteError, InvalidOutputError, RefusedError

S = TypeVar("S", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class LangChainAsker(Generic[S]):
    """A model wrapped once with `with_structured_output(include_raw=True)`, and how to read its result."""

    model: BaseChatModel
    schema: type[S]
    runnable: Runnable[Any, Any]

    @classmethod
    def build(cls, model: BaseChatModel, schema: type[S]) -> LangChainAsker[S]:
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
            with_hint: Runnable[list[BaseMessage], list[BaseMessage]] = RunnableLambda(
                lambda messages: [*messages, hint]
            )
            runnable = with_hint | RunnableMap(raw=model)
        return cls(model, schema, runnable)

    def ask(self, conversation: list[BaseMessage], attempts_left: int) -> S:
        """One request; the answer as `schema`, or `InvalidOutputError` carrying the raw answer."""
        del attempts_left  # the model's own client retries as it is configured
        try:
            result = self.runnable.invoke(conversation)
        except json.JSONDecodeError as exc:  # the HTTP body itself was cut off (not the model's JSON)
            raise IncompleteError("the response body was cut off") from exc
        except (IndexError, KeyError) as exc:  # "choices": [] or a body without the expected fields
            raise IncompleteError("the response had no answer in it") from exc
        except OutputParserException as exc:  # the answer is not JSON
            raise InvalidOutputError(str(exc.llm_output or ""), exc) from exc
        except ValidationError as exc:
            # A pydantic class given to an OpenAI model on this path: the SDK validates inside the request, so the
            # error escapes the model call instead of arriving as `parsing_error`; langchain-openai attaches the
            # HTTP response to it, and the raw answer is in there.
            raise InvalidOutputError(_raw_from_http(exc), exc) from exc
        return _parse_with_raw(result, self.schema)


def _raw_from_http(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    try:
        content = response.json()["choices"][0]["message"]["content"]  # type: ignore[union-attr]
    except Exception:
        return ""
    return content if isinstance(content, str) else ""


def _parse_with_raw(result: object, schema: type[S]) -> S:
    """A `with_structured_output(include_raw=True)` result as `schema`, or `InvalidOutputError`."""
    if not isinstance(result, dict):
        raise TypeError(f"expected a dict with 'raw' from the structured model, got {type(result).__name__}")
    raw = result.get("raw")
    raw_text = raw.text if isinstance(raw, BaseMessage) else ""
    error = result.get("parsing_error")
    if isinstance(error, OpenAIRefusalError):
        raise RefusedError(str(error))
    if error is not None:
        raise InvalidOutputError(raw_text, error)
    parsed = result.get("parsed")
    if isinstance(parsed, schema):
        return parsed
    if parsed is not None:  # a dict, from models whose parser does not build the class
        try:
            return schema.model_validate(parsed)
        except ValidationError as exc:
            raise InvalidOutputError(raw_text, exc) from exc
    return parse_answer(raw_text, schema)


def run_before_deadline(fn: Callable[[], T], seconds: float) -> T:
    """Run `fn` in a worker thread; raise `TimeoutError` if it has not finished within `seconds`."""
    future: Future[T] = Future()
    context = contextvars.copy_context()  # callbacks, tracing and the call's deadline see the caller's context

    def work() -> None:
        try:
            future.set_result(context.run(fn))
        except BaseException as exc:  # handed to the caller, never lost in the thread
            future.set_exception(exc)

    # A daemon thread: an abandoned call must not keep the process alive after the deadline.
    threading.Thread(target=work, name="coach-model-call", daemon=True).start()
    return future.result(timeout=seconds)
