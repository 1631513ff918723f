"""A real OpenAI-compatible HTTP server on 127.0.0.1 that a test starts and scripts.

Used by tests, evals (replay) and benchmarks, so a test reads as "the model will say X; the user does Y;
the model was asked Z"::

    with LLMServer() as server:
        server.enqueue({"rewrite": "...", "changes": [], "why_it_matters": "..."})  # the model will say X
        server.enqueue(Reply(status=429, headers={"Retry-After": "0"}))             # ... or fail like this
        ...                                                                         # the user does Y
        server.requests[0]["messages"]                                              # the model was asked Z

It implements `POST /v1/chat/completions` and `GET /v1/models`. A request with `"stream": true` is answered as
server-sent events, as OpenAI streams: `data: {chat.completion.chunk}` lines carrying the content a few characters
at a time (`Reply.chunk_chars`, `Reply.chunk_delay_s` apart), a last chunk with the finish reason, a usage chunk
when `stream_options.include_usage` asks for one, then `data: [DONE]`; `Reply.break_after` drops the connection
mid-stream and `Reply.stream_error` sends an `error` event there instead. Each chat request takes the
next scripted item from the queue; when the queue is empty the `default` responder (a callable given the
parsed request body) answers, and without one the server answers 400 so a missing script fails loudly and
is not retried by the client.

For soak and fault tests, `FaultSchedule` is a seeded `default` responder: each request is answered with a
schema-valid answer (built from the request's own JSON schema by `schema_answer`) or, at a given rate, with
one of the faults in `FAULTS` — 429 with Retry-After, 500, 503, a hang past the client's timeout, a dropped
connection, a truncated body, a cut-off JSON body, `"choices": []`, schema-invalid content, a huge answer::

    schedule = FaultSchedule(seed=7, rate=0.22)
    with LLMServer(default=schedule) as server:
        ...
    schedule.served  # Counter of what was served: {"ok": 780, "rate_limited": 24, ...}
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import socket
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

JSONDict = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a chat message (status 200) or an HTTP error, optionally after a delay."""

    content: str | None = None
    """The assistant message text; a dict given to `enqueue` is JSON-encoded into this."""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    """Wait this long before answering (to test timeouts and the overall deadline)."""
    finish_reason: str | None = "stop"
    error_message: str | None = None
    """The `error.message` of a non-200 answer (defaults to the HTTP reason phrase)."""
    body: str | None = None
    """Send this text as the whole 200 body instead of a chat completion (a cut-off body, `"choices": []` ...)."""
    refusal: str | None = None
    """The message's `refusal`: the model declined to answer (its content is then empty)."""
    drop: bool = False
    """Close the connection without answering at all (after `delay_s`)."""
    truncate_at: int | None = None
    """Announce the whole body's Content-Length but send only this many bytes of it, then close."""
    chunk_chars: int = 8
    """Streaming: the content is sent this many characters per chunk."""
    chunk_delay_s: float = 0.0
    """Streaming: wait this long before each content chunk (to see an answer arrive piece by piece)."""
    break_after: int | None = None
    """Streaming: after this many content chunks, drop the connection (no finish reason, no [DONE])."""
    stream_error: str | None = None
    """Streaming, with `break_after`: send an `error` event with this message there instead of dropping."""


Script = str | Mapping[str, Any] | Reply
Responder = Callable[[JSONDict], Script]


def as_reply(item: Script) -> Reply:
    """Normalise what a test scripts: text as-is, a mapping as its JSON, a `Reply` unchanged."""
    if isinstance(item, Reply):
        return item
    if isinstance(item, str):
        return Reply(content=item)
    return Reply(content=json.dumps(item))


def chat_completion(content: str, *, model: str, finish_reason: str = "stop", refusal: str | None = None) -> JSONDict:
    """A proper `chat.completion` object, as OpenAI and compatible servers return it."""
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def stream_events(reply: Reply, *, model: str, usage: bool = False) -> list[str]:
    """`reply` as the server-sent events of a streamed chat completion (each 'data: ...' with its blank line)."""
    ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())

    def event(delta: JSONDict, finish: str | None = None, **more: Any) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        chunk = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model}
        return f"data: {json.dumps({**chunk, 'choices': [choice], **more})}\n\n"

    content = reply.content or ""
    size = max(1, reply.chunk_chars)
    events = [event({"role": "assistant", "content": ""})]
    events += [event({"content": content[i : i + size]}) for i in range(0, len(content), size)]
    if reply.refusal is not None:
        events.append(event({"refusal": reply.refusal}))
    events.append(event({}, reply.finish_reason))
    if usage:
        counts = {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}
        chunk = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model}
        events.append(f"data: {json.dumps({**chunk, 'choices': [], 'usage': counts})}\n\n")
    return [*events, "data: [DONE]\n\n"]


class LLMServer:
    """Start with `start()` (or `with LLMServer() as server`); `base_url` ends in /v1."""

    def __init__(self, default: Responder | None = None, *, model: str = "test-model") -> None:
        self.default = default
        self.model = model
        self.requests: list[JSONDict] = []
        """Parsed JSON bodies of every chat request, in arrival order (retries included)."""
        self.request_headers: list[dict[str, str]] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="llm-server", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def enqueue(self, *items: Script) -> None:
        """Script the next answers, in order."""
        with self._lock:
            self._queue.extend(as_reply(item) for item in items)

    @property
    def pending(self) -> int:
        """Scripted answers not yet used."""
        with self._lock:
            return len(self._queue)

    def start(self) -> Self:
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, wake delayed answers and drop kept-alive connections, then join every thread."""
        self._closing.set()
        self._httpd.shutdown()
        with self._lock:
            conns = list(self._connections)
        for conn in conns:
            with contextlib.suppress(OSError):  # already closed by the client
                conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()  # joins the handler threads (block_on_close)
        self._thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _next_reply(self, body: JSONDict, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(body)
            self.request_headers.append(headers)
            if self._queue:
                return self._queue.popleft()
        if self.default is not None:
            return as_reply(self.default(body))
        return Reply(status=400, error_message="LLMServer: no reply enqueued and no default responder")


def _make_handler(server: LLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real endpoints do (matters for benchmarks)
        disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall

        def setup(self) -> None:
            super().setup()
            with server._lock:
                server._connections.add(self.connection)

        def finish(self) -> None:
            with server._lock:
                server._connections.discard(self.connection)
            with contextlib.suppress(OSError):  # the client went away (e.g. it gave up at its deadline)
                super().finish()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._send_json(
                    200,
                    {
                        "object": "list",
                        "data": [{"id": server.model, "object": "model", "created": 0, "owned_by": "test"}],
                    },
                )
            else:
                self._send_error(404, f"no route GET {self.path}")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_error(404, f"no route POST {self.path}")
                return
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                self._send_error(400, "request body is not JSON")
                return
            reply = server._next_reply(body, {k.lower(): v for k, v in self.headers.items()})
            if reply.delay_s and server._closing.wait(reply.delay_s):
                return  # shutting down: drop the request without answering
            if reply.drop:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.status != 200:
                self._send_error(reply.status, reply.error_message, reply.headers)
                return
            if body.get("stream") is True:
                self._send_stream(reply, body)
                return
            if reply.body is not None:
                self._send_raw(200, reply.body.encode(), reply.headers)
                return
            completion = chat_completion(
                reply.content or "",
                model=str(body.get("model", server.model)),
                finish_reason=reply.finish_reason,
                refusal=reply.refusal,
            )
            if reply.truncate_at is not None:
                self._send_raw(200, json.dumps(completion).encode(), reply.headers, send=reply.truncate_at)
                self.close_connection = True
                return
            self._send_json(200, completion, reply.headers)

        def _send_stream(self, reply: Reply, body: JSONDict) -> None:
            """Server-sent events in HTTP/1.1 chunks, so a drop mid-answer is a cut-off chunked body."""
            model = str(body.get("model", server.model))
            options = body.get("stream_options")
            usage = isinstance(options, dict) and options.get("include_usage") is True
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if reply.body is not None:  # a whole scripted event stream, as written
                    self._chunk(reply.body.encode(), last=True)
                    return
                for n, event in enumerate(stream_events(reply, model=model, usage=usage)):
                    if reply.break_after is not None and n == reply.break_after + 1:  # +1: the role chunk
                        if reply.stream_error is not None:
                            error = {"error": {"message": reply.stream_error, "type": "test_error", "code": None}}
                            self._chunk(f"data: {json.dumps(error)}\n\n".encode(), last=True)
                            return
                        self.close_connection = True
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    if n > 0 and reply.chunk_delay_s and server._closing.wait(reply.chunk_delay_s):
                        self.close_connection = True
                        return
                    # The last event and the end of the body in one write: a client that stops reading at
                    # [DONE] then has nothing unread, and closes without resetting the connection.
                    self._chunk(event.encode(), last=event.startswith("data: [DONE]"))
            except OSError:
                self.close_connection = True  # the client hung up first (it gave up at its deadline)

        def _chunk(self, data: bytes, *, last: bool = False) -> None:
            """One HTTP/1.1 chunk (empty: the end of the body); `last`: this chunk, then the end."""
            end = b"0\r\n\r\n" if last else b""
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n" + end)
            self.wfile.flush()

        def _send_error(self, status: int, message: str | None, headers: Mapping[str, str] | None = None) -> None:
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
            error = {"message": message or phrase, "type": "test_error", "param": None, "code": None}
            self._send_json(status, {"error": error}, headers)

        def _send_json(self, status: int, payload: JSONDict, headers: Mapping[str, str] | None = None) -> None:
            self._send_raw(status, json.dumps(payload).encode(), headers)

        def _send_raw(
            self, status: int, data: bytes, headers: Mapping[str, str] | None = None, send: int | None = None
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data if send is None else data[:send])
            except OSError:
                self.close_connection = True  # the client hung up first

    return Handler


# --- a seeded fault schedule, and answers built from the request's own schema ----------------------------------

FAULTS: tuple[str, ...] = (
    "rate_limited",  # 429 with Retry-After
    "server_error",  # 500
    "unavailable",  # 503
    "hang",  # no answer until after the client's request timeout
    "dropped",  # the connection closed without an answer
    "truncated",  # the HTTP body shorter than its Content-Length
    "cut_off",  # a complete HTTP answer whose JSON body stops halfway
    "no_choices",  # a 200 chat completion with "choices": []
    "invalid",  # JSON content that does not match the requested schema
    "huge",  # a schema-valid answer of several hundred thousand characters
)


def schema_answer(body: JSONDict) -> Script:
    """A valid answer for whatever JSON schema the request sent as `response_format` (400 when it sent none)."""
    response_format = body.get("response_format")
    schema = response_format.get("json_schema", {}).get("schema") if isinstance(response_format, dict) else None
    if not isinstance(schema, dict):
        return Reply(status=400, error_message="schema_answer: the request has no JSON schema")
    return json.dumps(example_of(schema, schema.get("$defs", {})))


def example_of(node: JSONDict, defs: Mapping[str, JSONDict]) -> Any:
    """The simplest value valid against a (strict, OpenAI-style) JSON schema `node`."""
    if "$ref" in node:
        return example_of(defs[str(node["$ref"]).rsplit("/", 1)[-1]], defs)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        return example_of(next((o for o in options if o.get("type") != "null"), options[0]), defs)
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        return {name: example_of(sub, defs) for name, sub in node.get("properties", {}).items()}
    if kind == "array":
        return [example_of(node.get("items", {}), defs) for _ in range(max(1, int(node.get("minItems", 1))))]
    if kind == "integer":
        return int(node.get("minimum", 1))
    if kind == "number":
        return float(node.get("minimum", 1.0))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return "A plain answer."


@dataclass
class FaultSchedule:
    """A `default` responder for `LLMServer`: a fault at `rate` (its kind drawn from `kinds`), else `answer`.

    Each draw depends only on `seed`, the request's messages and how many times those exact messages were
    asked before (a retry is a new draw), so a run is reproducible whatever order concurrent requests arrive in.
    """

    seed: int
    rate: float = 0.22
    kinds: tuple[str, ...] = FAULTS
    hang_s: float = 2.0
    """How long a `hang` waits: longer than the client's request timeout."""
    retry_after_s: int = 1
    fast_retry_ms: int | None = None
    """When set, 5xx and 429 faults carry `retry-after-ms` (the client then retries after that many ms): for tests."""
    huge_chars: int = 300_000
    answer: Responder = schema_answer
    served: Counter[str] = field(default_factory=Counter)
    """What was served so far, by fault kind ("ok" for a plain answer)."""
    _seen: Counter[str] = field(default_factory=Counter, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __call__(self, body: JSONDict) -> Script:
        digest = hashlib.sha256(json.dumps(body.get("messages"), sort_keys=True).encode()).hexdigest()
        with self._lock:
            nth = self._seen[digest]
            self._seen[digest] += 1
        draw = random.Random(f"{self.seed}:{digest}:{nth}")
        kind = draw.choice(self.kinds) if draw.random() < self.rate else "ok"
        with self._lock:
            self.served[kind] += 1
        return self.fault(kind, body)

    def fault(self, kind: str, body: JSONDict) -> Script:
        """The reply for `kind` ("ok" or one of FAULTS) to the request `body`."""
        model = str(body.get("model", "test-model"))
        if kind == "ok":
            return self.answer(body)
        fast = {"retry-after-ms": str(self.fast_retry_ms)} if self.fast_retry_ms is not None else {}
        if kind == "rate_limited":
            return Reply(status=429, headers={"Retry-After": str(self.retry_after_s), **fast})
        if kind in ("server_error", "unavailable"):
            return Reply(status=500 if kind == "server_error" else 503, headers=fast)
        if kind == "invalid":
            return json.dumps({"unexpected": "an answer in some other shape"})
        if kind == "no_choices":
            return Reply(body=json.dumps({**chat_completion("", model=model), "choices": []}))
        good = as_reply(self.answer(body))
        if good.status != 200:
            return good
        whole = json.dumps(chat_completion(good.content or "", model=model))
        if kind == "hang":
            return Reply(content=good.content, delay_s=self.hang_s)
        if kind == "dropped":
            return Reply(drop=True)
        if kind == "truncated":
            return Reply(content=good.content, truncate_at=len(whole) // 2)
        if kind == "cut_off":
            return Reply(body=whole[: len(whole) // 2])
        if kind == "huge":
            return huge_answer(good.content or "{}", self.huge_chars)
        raise ValueError(f"unknown fault {kind!r}; use one of {', '.join(FAULTS)}")


def huge_answer(content: str, chars: int) -> str:
    """`content` (a JSON object) with its first string value padded to `chars` characters."""
    value = json.loads(content)
    for key, item in value.items():
        if isinstance(item, str):
            value[key] = (item + " ") * (chars // (len(item) + 1) + 1)
            break
    else:
        value["padding"] = "x" * chars
    return json.dumps(value)
