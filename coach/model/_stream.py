"""The fast path, streamed: the same request with `stream=True`, one string field shown as the answer is written.

Inside `streaming(field, on_text)` (coach.model.seam), a structured call on the fast path asks with the same body
`_direct` builds — messages, model parameters and the JSON schema as `response_format` — plus `stream: true`.
The content arrives as pieces of one JSON object; `FieldReader` keeps the decoded value of `field` so far and
`on_text` is given it each time it grows. The assembled answer then goes through exactly the checks of the
answer that was not streamed (`read_answer`: refusal, content filter, cut off at the token limit, schema), and
the seam's retry layers around it are unchanged:

(a) transport — the SDK retries the request until the stream starts (429, 5xx, timeouts, connection errors), as
    for any request. A stream that breaks off once started (the connection drops, an `error` event, a piece
    that is not JSON, a stall longer than COACH_REQUEST_TIMEOUT, or an end with no finish reason) is an
    unreadable answer: read again from the same HTTP budget, then one `ModelError` ("sent an incomplete answer
    N times (the answer stream broke off …)").
(b) output — an assembled answer that does not validate is re-asked once, streamed again; `on_text` then starts
    from '' (the first attempt's text is not the answer).
(c) deadline — the stream is read in a helper thread while the caller waits at most until the deadline: a stream
    still running then is abandoned (the helper closes it at its next piece or read timeout) and the caller gets
    the deadline's error, on time, whatever the endpoint does.
"""

from __future__ import annotations

import dataclasses
import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import openai
from langchain_core.messages import BaseMessage
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_message import ChatCompletionMessage
from openai.types.completion_usage import CompletionUsage
from pydantic import BaseModel

from coach.errors import ModelError
from coach.model._direct import CALL, DirectAsker, _listening, _llm_result, read_answer
from coach.model._failures import DeadlinePassedError, IncompleteError, one_line
from coach.model._partial import FieldReader

S = TypeVar("S", bound=BaseModel)
Finish = Literal["stop", "length", "tool_calls", "content_filter", "function_call"]
_END = object()


@dataclass
class StreamSink:
    """Where a streamed call sends its partial text, and how its consumer says it no longer wants it."""

    field: str
    """The top-level string field of the answer shown as it grows (e.g. 'rewrite')."""
    on_text: Callable[[str], None]
    """Called with the field's whole value so far each time it grows ('' when a new attempt starts over)."""
    cancelled: threading.Event = dataclasses.field(default_factory=threading.Event)
    """Set by the consumer that stopped listening: the call stops at the next piece instead of reading on."""
    shown: bool = False


@dataclass(frozen=True)
class StreamingAsker(Generic[S]):
    """A `DirectAsker`'s request sent with `stream=True`; the answer read piece by piece (see the module doc)."""

    direct: DirectAsker[S]
    sink: StreamSink

    @property
    def max_retries(self) -> int:
        return self.direct.max_retries

    def ask(self, conversation: list[BaseMessage], attempts_left: int) -> S:
        """One streamed answer, within `attempts_left` HTTP attempts; validated as the non-streamed one is."""
        direct = self.direct
        payload = {**direct.payload(conversation), "stream": True}
        if direct.model._should_stream_usage():  # the token count, as LangChain would ask for it
            payload["stream_options"] = {"include_usage": True}
        client = direct.client
        if attempts_left <= client.max_retries:
            client = client.with_options(max_retries=max(attempts_left - 1, 0))
        if self.sink.shown:
            self.sink.on_text("")  # a re-read or re-ask starts over: the earlier text was not the answer
            self.sink.shown = False
        manager = _listening(direct.model)
        run = (
            manager.on_chat_model_start(
                direct.model._serialized, [conversation], invocation_params=direct.params, options={}, batch_size=1
            )[0]
            if manager is not None
            else None
        )
        call = CALL.get()
        deadline = call.deadline if call is not None else time.monotonic() + 120.0
        try:
            stream = client.chat.completions.create(**payload)
            completion = self._read(stream, deadline)
        except BaseException as exc:
            if run is not None:
                run.on_llm_error(exc)
            raise
        if run is not None:
            run.on_llm_end(_llm_result(completion))
        return read_answer(completion, direct.schema)

    def _read(self, stream: openai.Stream[ChatCompletionChunk], deadline: float) -> ChatCompletion:
        """The streamed pieces assembled into one completion; partial text to the sink as it grows."""
        reader = FieldReader(self.sink.field)
        content: list[str] = []
        refusal: list[str] = []
        finish: Finish | None = None
        usage: CompletionUsage | None = None
        ident, model, created = "", "", 0
        for chunk in _before_deadline(stream, deadline, self.sink.cancelled):
            ident, model, created = chunk.id or ident, chunk.model or model, chunk.created or created
            usage = chunk.usage or usage
            for piece in chunk.choices[:1]:
                delta = piece.delta
                if delta.refusal:
                    refusal.append(delta.refusal)
                if delta.content:
                    content.append(delta.content)
                    before = reader.value
                    if reader.feed(delta.content) != before:
                        self.sink.shown = True
                        self.sink.on_text(reader.value)
                finish = piece.finish_reason or finish
        if finish is None:
            raise IncompleteError("the answer stream ended before the answer was complete")
        message = ChatCompletionMessage.model_construct(
            role="assistant", content="".join(content), refusal="".join(refusal) or None
        )
        choice = Choice.model_construct(index=0, message=message, finish_reason=finish, logprobs=None)
        return ChatCompletion.model_construct(
            id=ident, choices=[choice], created=created, model=model, object="chat.completion", usage=usage
        )


def _before_deadline(
    stream: openai.Stream[ChatCompletionChunk], deadline: float, cancelled: threading.Event
) -> Iterator[ChatCompletionChunk]:
    """The stream's chunks, read in a helper thread so the caller never waits past `deadline` for the next one.

    Whatever breaks the stream once it started is an `IncompleteError` (read again by the seam); the deadline is
    `DeadlinePassedError`. Only the helper touches the stream, and it closes it when it stops.
    """
    pieces: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()

    def pump() -> None:
        try:
            for chunk in stream:
                pieces.put(chunk)
                if stop.is_set():
                    return
            pieces.put(_END)
        except BaseException as exc:  # handed to the caller, which decides what it means
            pieces.put(exc)
        finally:
            stream.close()

    threading.Thread(target=pump, name="coach-model-stream", daemon=True).start()
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeadlinePassedError
            try:
                item = pieces.get(timeout=left)
            except queue.Empty:
                raise DeadlinePassedError from None
            if cancelled.is_set():
                raise ModelError("The answer was no longer wanted: the request was cancelled.", kind="failed")
            if item is _END:
                return
            if isinstance(item, BaseException):
                meaning = _broken(item)
                if meaning is item:
                    raise item
                raise meaning from item
            yield item
    finally:
        stop.set()


def _broken(exc: BaseException) -> BaseException:
    """What a failure inside a started stream means to the seam: an unreadable answer, read again."""
    if isinstance(exc, openai.APITimeoutError):
        return IncompleteError("the answer stream stalled past COACH_REQUEST_TIMEOUT")
    if isinstance(exc, openai.APIConnectionError):
        return IncompleteError("the answer stream broke off mid-answer")
    if isinstance(exc, openai.APIError):  # an `error` event inside the stream
        return IncompleteError(f"the endpoint reported an error mid-answer: {one_line(exc.message)}")
    if isinstance(exc, json.JSONDecodeError):
        return IncompleteError("a piece of the answer stream was not JSON")
    return exc
