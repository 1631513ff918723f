"""Long inputs are analysed in a separate process at a lower CPU priority, so one 20,000-character paste cannot
take the interpreter that serves everyone else.

The UI is one Python process: its worker threads share one interpreter lock, so a paste analysed in a thread took
its turn on the lock against every other user's request for as long as it ran (`make load` measured +2.1 s of
median latency for 50 users while one paste ran). Analysed in a pool process it takes no turn on that lock, and
at a lower priority (`os.nice`) it gets the CPU the others leave; what it costs the server is one pickled result.

Only the offline engine is offloaded: it is the one whose request is CPU from start to end. With a model, a request
is mostly waiting for the endpoint (threads are right for that), and the coach's chat model, its prompt recorder
and its answer cache live in this process. Offloading wraps the coach's feature methods once, when the app is
built, under the history recorder (coach/ui/history.py), so every tab and MCP tool is covered and the history is
still written here.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.core import Coach
    from coach.settings import Settings
    from coach.store import Profile

log = logging.getLogger(__name__)

LONG_CHARS = 2_000
"""Inputs longer than this (every text argument together) go to the pool. An offline translate of a real 2,000-
character text takes about 20 ms of CPU a reader; below that a round trip to another process is not worth it, and
above it the time grows with the text (about 0.2 s a reader at 20,000)."""
WORKERS = 1 if (os.cpu_count() or 1) <= 2 else 2
"""Pool processes: one on a 2-core machine, so long texts take at most one core and the other stays with the
server; long requests beyond that wait for it."""
NICENESS = 10
"""How much lower the pool's CPU priority is (Unix `nice`): with the machine busy, a long text gets about a tenth of
a core against the server's requests, and all of the CPU they leave."""
LONG_AT_ONCE = 2
"""Long requests admitted at once (running, or waiting for the pool), across every tab: each holds one of its
event's slots while it waits (coach/ui/app.py EVENT_CONCURRENCY), so a few pastes cannot take every slot of an
event from the people typing short texts. One more is told to try again; its text stays in its box."""
METHODS = ("translate", "translate_many", "check", "outcomes", "tradeoffs", "uncertainty", "weekly")
"""The coach's feature methods that analyse the text they are given (weekly: its notes; a week read from the log
has no text argument, so it stays here)."""
STREAMS = {"translate_stream": "translate"}
"""Generators → the method that gives their one step with the offline engine (its result)."""

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_admitted = threading.BoundedSemaphore(LONG_AT_ONCE)


def install(coach: Coach) -> Coach:
    """Make `coach` analyse long inputs in the pool (once; an LLM coach is left as it is)."""
    if coach.engine != "offline" or getattr(coach, "_offloaded", False):
        return coach
    for name in METHODS:
        method = getattr(coach, name, None)
        if callable(method):
            setattr(coach, name, _offloaded(coach, name, method))
    for name, one_step in STREAMS.items():
        method = getattr(coach, name, None)
        if callable(method):
            setattr(coach, name, _offloaded_stream(coach, one_step, method))
    coach._offloaded = True  # type: ignore[attr-defined]
    return coach


def size(args: Sequence[Any], kwargs: dict[str, Any]) -> int:
    """Characters of every text argument of one call (a list of lines counts each line)."""
    total = 0
    for value in (*args, *kwargs.values()):
        if isinstance(value, str):
            total += len(value)
        elif isinstance(value, list | tuple):
            total += sum(len(v) for v in value if isinstance(v, str))
    return total


def _offloaded(coach: Coach, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if size(args, kwargs) <= LONG_CHARS:
            return method(*args, **kwargs)
        return _in_pool(coach, name, method, args, kwargs)

    return wrapper


def _offloaded_stream(coach: Coach, name: str, method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        if size(args, kwargs) <= LONG_CHARS:
            yield from method(*args, **kwargs)
        else:  # offline, the stream's one step is its result: computed in the pool (here if the pool broke)
            yield _in_pool(coach, name, lambda *a, **k: next(iter(method(*a, **k))), args, kwargs)

    return wrapper


def _in_pool(coach: Coach, name: str, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if not _admitted.acquire(blocking=False):
        raise CoachError(
            f"{LONG_AT_ONCE} other long texts are being analysed right now; try again in a minute "
            "(your text is still in its box), or send a shorter part of it."
        )
    try:
        return _wait(coach, name, args, kwargs)
    except BrokenProcessPool:  # the pool process died (out of memory, killed): answer here, start a new one
        log.warning("coach: the pool for long texts stopped; this one is analysed in the server process")
        reset()
        return method(*args, **kwargs)
    finally:
        _admitted.release()


def _wait(coach: Coach, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    deadline = coach.settings.deadline_s
    future = pool().submit(call, coach.settings, coach.profile, name, args, kwargs)
    try:
        return future.result(timeout=deadline)
    except FutureTimeout:
        future.cancel()
        raise CoachError(
            f"The long text was not analysed within COACH_DEADLINE ({deadline:g} s): the server is busy. "
            "Try again in a minute."
        ) from None


def pool() -> ProcessPoolExecutor:
    """The pool for long texts, started on first use (a server nobody pastes into never pays for it)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # "spawn": a fresh interpreter, not a fork of a process running gradio's threads and event loop.
            _pool = ProcessPoolExecutor(
                max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker
            )
        return _pool


def pids() -> list[int]:
    """The process ids of the pool's processes now (none before the first long text)."""
    with _pool_lock:
        processes = getattr(_pool, "_processes", None) or {}
        return [p.pid for p in processes.values() if p.pid is not None]


def reset() -> None:
    """Stop the pool (if any); the next long text starts a new one."""
    global _pool
    with _pool_lock:
        old, _pool = _pool, None
    if old is not None:
        old.shutdown(wait=False, cancel_futures=True)


# --- in the pool process ---------------------------------------------------------------------------------------

_coach: Coach | None = None


def _start_worker() -> None:
    """A pool process: at a lower priority, and gone when the server is. A server stopped by a signal never shuts
    its pool down, and a worker holds its own queue's pipe open, so without this it would wait forever."""
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="coach-server-watch", daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # ready when the server process has ended
    os._exit(0)


def call(settings: Settings, profile: Profile, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Run `Coach.<name>(*args, **kwargs)` with a coach built from the server's settings and profile (the profile's
    names shape the glossary)."""
    global _coach
    from coach.core import Coach

    if _coach is None or _coach.settings != settings:
        _coach = Coach(settings)
    _coach.__dict__["profile"] = profile  # the server's, as it is now: no database read here
    _coach.reload()  # the index comes from its cache unless the profile's names or the team file changed
    return getattr(_coach, name)(*args, **kwargs)
