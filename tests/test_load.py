"""Serving many people at once, and serving beyond this machine: one slow request never holds the others up,
every handler runs off gradio's event loop, a long paste is analysed in a process of its own, and a UI open to the
network without a login says so.

The figures (50 users while a 20,000-character paste runs) are `make load` (benchmarks/bench_load.py)."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from gradio_client import Client
from llm_server import JSONDict, LLMServer, Reply, Script

from coach import Coach, Settings
from coach.errors import CoachError, InputError
from coach.ui import offload
from coach.ui.app import EVENT_CONCURRENCY, build_app, exposure_warning, launch

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

SLOW_S = 3.0
ANSWER = {"rewrite": "Search is faster for customers.", "changes": [], "why_it_matters": "Customers wait less."}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def slow_when_asked_to_be(body: JSONDict) -> Script:
    """A model that takes SLOW_S seconds over a text containing "SLOW", and answers anything else at once."""
    asked = body["messages"][-1]["content"]
    return Reply(content=json.dumps(ANSWER), delay_s=SLOW_S if "SLOW" in asked else 0.0)


@pytest.fixture
def served_llm() -> Iterator[tuple[str, LLMServer]]:
    with LLMServer(default=slow_when_asked_to_be) as server:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="sk-test", COACH_MAX_RETRIES=0
        )
        coach = Coach.from_settings(settings)
        coach.index  # noqa: B018 - loaded before serving, as `main` does: the first request does not pay for it

        async def build_and_launch() -> tuple[gr.Blocks, str]:  # inside a loop: see tests/test_ui.py `start`
            demo = build_app(coach)
            return demo, launch(demo, port=free_port(), prevent_thread_lock=True)

        demo, url = asyncio.run(build_and_launch())
        try:
            yield url, server
        finally:
            demo.close()


def translate(client: Client, text: str) -> Any:
    return client.predict(text=text, audiences=["executive"], custom="", api_name="/translate")


def test_a_slow_request_does_not_hold_up_the_next_user(served_llm: tuple[str, LLMServer]) -> None:
    url, server = served_llm
    first, second = Client(url, verbose=False), Client(url, verbose=False)
    translate(second, "Warm-up: we cut p99 latency.")
    slow = first.submit(text="SLOW: we cut p99 latency.", audiences=["executive"], custom="", api_name="/translate")
    deadline = time.monotonic() + 10
    while not any("SLOW" in str(r["messages"]) for r in server.requests) and time.monotonic() < deadline:
        time.sleep(0.02)  # until the slow request is with the model

    start = time.monotonic()
    translate(second, "We cut p99 latency.")
    waited = time.monotonic() - start

    # With one request per event at a time (gradio's default), the second user waited for the first: ~3 s.
    assert waited < SLOW_S / 2, f"the second user waited {waited:.1f} s behind the slow request"
    assert not slow.done()
    slow.result(timeout=30)
    first.close()
    second.close()


def test_every_event_runs_off_the_event_loop_with_a_concurrency_limit() -> None:
    async def build() -> gr.Blocks:  # inside a loop: see tests/test_ui.py `start`
        return build_app(Coach(Settings(_env_file=None, COACH_ENGINE="offline")))  # type: ignore[call-arg]

    demo = asyncio.run(build())
    handlers = [f for f in demo.fns.values() if f.fn is not None]

    # A coroutine would run on gradio's event loop, where a CPU-bound analysis stalls every other user; a plain
    # function or generator runs in a worker thread.
    on_the_loop = [f.name for f in handlers if inspect.iscoroutinefunction(f.fn) or inspect.isasyncgenfunction(f.fn)]
    unlimited = [f.name for f in handlers if f.concurrency_limit is None]

    assert on_the_loop == [] and unlimited == []
    assert demo._queue.default_concurrency_limit == EVENT_CONCURRENCY
    assert demo._queue.max_size is not None


# --- long pastes in a process of their own --------------------------------------------------------------------

UPDATE = (
    "Yesterday's outage lasted 47 minutes: a bad config push took down the API gateway, p99 latency hit 12s and "
    "about 3% of checkout requests failed. We rolled back and added a canary stage to the CI/CD pipeline. "
)
LONG = (UPDATE * (offload.LONG_CHARS // len(UPDATE) + 2)).strip()


@pytest.fixture
def offline(tmp_path: Path) -> Iterator[Settings]:
    yield Settings(_env_file=None, COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}")  # type: ignore[call-arg]
    offload.reset()


def _in_server_fails(coach: Coach) -> Coach:
    """`coach` whose own translate fails: only a call analysed elsewhere (the pool) can succeed."""

    def in_the_server(*_: Any, **__: Any) -> Any:
        raise AssertionError("analysed in the server process")

    coach.translate = in_the_server  # type: ignore[method-assign]
    return coach


def test_a_long_text_is_analysed_in_a_lower_priority_process_with_the_same_result(offline: Settings) -> None:
    coach = offload.install(_in_server_fails(Coach(offline)))
    expected = Coach(offline).translate(LONG, "executive")

    with pytest.raises(AssertionError, match="server process"):
        coach.translate(UPDATE, "executive")  # short: here, where it is cheap
    result = coach.translate(LONG, "executive")

    assert len(LONG) > offload.LONG_CHARS
    assert result.model_dump() == expected.model_dump()
    workers = offload.pids()
    assert workers and os.getpid() not in workers
    if hasattr(os, "getpriority"):
        niceness = {os.getpriority(os.PRIO_PROCESS, pid) for pid in workers}
        assert niceness == {os.getpriority(os.PRIO_PROCESS, 0) + offload.NICENESS}


def test_a_long_text_streamed_offline_is_analysed_in_the_pool(offline: Settings) -> None:
    coach = Coach(offline)
    coach.translate_stream = lambda *_, **__: iter([AssertionError("in the server")])  # type: ignore[method-assign,assignment]
    offload.install(coach)

    (step,) = list(coach.translate_stream(LONG, "sales"))

    assert not isinstance(step, AssertionError) and step.audience == "sales" and step.rewrite


def test_an_error_in_the_pool_is_the_same_error_here(offline: Settings) -> None:
    coach = offload.install(Coach(offline))

    with pytest.raises(InputError, match="20,000"):
        coach.translate("We cut p99 latency. " * 1_500, "executive")


def test_the_ui_writes_the_history_of_a_long_text(offline: Settings) -> None:
    coach = Coach(offline)

    async def build() -> gr.Blocks:  # inside a loop: see tests/test_ui.py `start`
        return build_app(coach)

    asyncio.run(build())
    coach.translate_many(LONG, ["executive", "sales"])

    (saved,) = coach.store.recent_history(5)
    assert (saved.feature, saved.input_text, saved.error) == ("translate", LONG, None)
    assert [r["audience"] for r in json.loads(saved.result_json)] == ["executive", "sales"]
    coach.store.close()


def test_long_requests_beyond_the_limit_are_told_to_try_again(offline: Settings) -> None:
    coach = offload.install(Coach(offline))
    for _ in range(offload.LONG_AT_ONCE):  # as if that many long pastes were being analysed
        assert offload._admitted.acquire(blocking=False)
    try:
        with pytest.raises(CoachError, match="try again") as refused:
            coach.translate(LONG, "executive")
        short = coach.translate(UPDATE, "executive")  # a short text is never refused
    finally:
        for _ in range(offload.LONG_AT_ONCE):
            offload._admitted.release()

    assert "\n" not in str(refused.value) and short.rewrite
    assert coach.translate(LONG, "executive").rewrite  # admitted again once one finished


def test_a_pool_process_that_died_is_replaced_and_the_request_still_answered(offline: Settings) -> None:
    coach = offload.install(Coach(offline))
    coach.translate(LONG, "executive")
    for pid in offload.pids():
        os.kill(pid, signal.SIGKILL)

    assert coach.translate(LONG, "sales").audience == "sales"  # the broken pool: answered in the server
    assert coach.translate(LONG, "product").audience == "product"  # and a new pool started for the next one


def test_the_pool_process_ends_when_the_server_is_killed(tmp_path: Path) -> None:
    server = (
        "import sys\n"
        "from coach import Coach, Settings\n"
        "from coach.ui import offload\n"
        f"settings = Settings(_env_file=None, COACH_ENGINE='offline', COACH_DB_URL='sqlite:///{tmp_path / 'c.db'}')\n"
        f"offload.install(Coach(settings)).translate({LONG!r}, 'executive')\n"
        "print(*offload.pids(), flush=True)\n"
        "sys.stdin.read()\n"  # waits, with its pool, until killed
    )
    command = [sys.executable, "-c", server]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            workers = [int(pid) for pid in process.stdout.readline().split()]
            assert workers and all(_alive(pid) for pid in workers)
        finally:
            process.kill()  # as `kill -9`, or a SIGTERM that skips every exit handler
            process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert not [pid for pid in workers if _alive(pid)], "the pool process outlived the server"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a process that ended but was not reaped yet is a zombie: not running
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def test_an_llm_coach_is_not_offloaded() -> None:
    settings = Settings(_env_file=None, OPENAI_BASE_URL="http://127.0.0.1:9/v1", OPENAI_API_KEY="sk-test")  # type: ignore[call-arg]
    coach = Coach(settings)
    method = coach.translate

    assert offload.install(coach) is coach
    assert coach.translate == method and not getattr(coach, "_offloaded", False)


# --- serving beyond this machine ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "exposed"),
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("localhost", False),
        ("LOCALHOST", False),
        ("::1", False),
        ("[::1]", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("10.0.0.5", True),
        ("my-laptop.local", True),
    ],
)
def test_a_ui_open_to_the_network_without_a_login_is_a_warning(host: str, exposed: bool) -> None:
    warning = exposure_warning(host, None)

    assert (warning is not None) == exposed
    assert exposure_warning(host, ("alice", "a-long-passphrase")) is None
    if warning:
        assert host in warning and "COACH_AUTH" in warning and "\n" not in warning


class _RecordingBlocks:
    """Stands in for gr.Blocks: records the launch instead of binding a port on every interface."""

    def __init__(self) -> None:
        self.launched: dict[str, Any] = {}

    def launch(self, **kwargs: Any) -> tuple[None, str, None]:
        self.launched = kwargs
        return None, f"http://{kwargs['server_name']}:{kwargs['server_port']}/", None


def test_launch_prints_the_warning_before_serving_on_every_interface(capsys: pytest.CaptureFixture[str]) -> None:
    demo = _RecordingBlocks()

    launch(demo, port=8080, host="0.0.0.0", prevent_thread_lock=True)  # type: ignore[arg-type]
    exposed = capsys.readouterr().err
    launch(demo, port=8080, host="0.0.0.0", auth=("alice", "a-long-passphrase"), prevent_thread_lock=True)  # type: ignore[arg-type]
    with_login = capsys.readouterr().err
    launch(demo, port=8080, host="127.0.0.1", prevent_thread_lock=True)  # type: ignore[arg-type]
    local = capsys.readouterr().err

    assert exposed.startswith("coach: WARNING: serving on 0.0.0.0 without a login") and exposed.count("\n") == 1
    assert with_login == "" and local == ""
    assert demo.launched["server_name"] == "127.0.0.1"
