"""Shared pytest fixtures. Each block is self-contained; add yours as a new block."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from llm_server import LLMServer


# --- loopback OpenAI-compatible server (tests/llm_server.py) -----------------------------------------------
@pytest.fixture
def llm_server() -> Iterator[LLMServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1: `enqueue` answers, read `requests` afterwards."""
    with LLMServer() as server:
        yield server
