"""Shared pytest fixtures. Each block is self-contained; add yours as a new block."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator

import pytest
from llm_server import LLMServer


# --- loopback OpenAI-compatible server (tests/llm_server.py) -----------------------------------------------
@pytest.fixture
def llm_server() -> Iterator[LLMServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1: `enqueue` answers, read `requests` afterwards."""
    with LLMServer() as server:
        yield server


# --- a clean environment: a developer's own OPENAI_*/COACH_* settings or .env never leak into a test --------
@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    for name in list(os.environ):
        if name.startswith(("OPENAI_", "COACH_")) and name != "COACH_TEST_PG_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("COACH_DB_URL", f"sqlite:///{tmp_path_factory.mktemp('db') / 'coach.db'}")
    # A test that repeats a request expects a model call each time; the cache tests turn it on themselves.
    monkeypatch.setenv("COACH_CACHE", "off")
    from coach.settings import Settings

    monkeypatch.setitem(Settings.model_config, "env_file", None)  # a developer's .env is not read either


# --- no local Ollama or user data directory leaks into a test (COACH_ENGINE=auto probes 127.0.0.1:11434) ----
@pytest.fixture(autouse=True)
def _no_local_model(
    _isolated_settings: None, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A developer's running Ollama would turn `auto` into the LLM engine; the probe tests set their own URL.
    monkeypatch.setenv("COACH_OLLAMA_URL", "off")
    # The default team glossary lives in the user data directory; a test gets an empty one of its own.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))


# --- CPU time of one call, for the linear-time tests ------------------------------------------------------------
@pytest.fixture
def cpu_seconds() -> Callable[[Callable[[], object]], float]:
    """Run a call and return the CPU seconds this thread spent in it, with the garbage collector run first and held
    off during the call: a full collection over the heap earlier tests left (or a server they left running in this
    process) is not the code under test, and once cost a 25 ms call 0.45 s in a fresh clone."""

    def measure(call: Callable[[], object]) -> float:
        gc.collect()
        gc.disable()
        try:
            started = time.thread_time()
            call()
            return time.thread_time() - started
        finally:
            gc.enable()

    return measure
