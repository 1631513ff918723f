"""`coach serve --mcp`: an MCP client on 127.0.0.1 lists coach's tools and calls them, as Claude Desktop would."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import pytest
from test_ui import RECALL, settings, start

from coach import Coach

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

if os.environ.get("CI"):
    import mcp  # noqa: F401  - CI installs the dev extras: a missing package fails here, not silently
else:
    pytest.importorskip("mcp", reason="install the mcp extra (pip install 'coach[mcp]') to run the MCP tests")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Coach, str]]:
    db = tmp_path_factory.mktemp("mcp") / "c.db"
    coach = Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{db}"))
    demo, url = start(coach, mcp=True)
    yield coach, url.rstrip("/") + "/gradio_api/mcp/"
    demo.close()


def session(endpoint: str, work: Any) -> Any:
    """Run `work(session)` in an MCP client session over streamable HTTP."""
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def run() -> Any:
        async with streamable_http_client(endpoint) as (read, write, _), ClientSession(read, write) as s:
            await s.initialize()
            return await work(s)

    return asyncio.run(run())


def test_the_tools_are_translate_check_outcomes_and_weekly_with_descriptions(served: tuple[Coach, str]) -> None:
    async def listing(s: Any) -> Any:
        return (await s.list_tools()).tools

    tools = {t.name: t for t in session(served[1], listing)}

    assert sorted(tools) == ["check", "outcomes", "translate", "weekly"]  # no button of the page is a tool
    assert all(len(t.description) > 80 for t in tools.values())
    assert set(tools["translate"].inputSchema["properties"]) == {"text", "audience"}
    assert "executive" in tools["translate"].inputSchema["properties"]["audience"]["description"]


def test_calling_translate_returns_the_offline_rewrite(served: tuple[Coach, str]) -> None:
    async def calling(s: Any) -> Any:
        return await s.call_tool("translate", {"text": RECALL, "audience": "executive"})

    answer = session(served[1], calling)
    expected = served[0].translate(RECALL, "executive")

    assert not answer.isError
    text = answer.content[0].text
    assert text.startswith("## For Executive") and expected.rewrite in text


def test_a_bad_input_is_an_error_with_coachs_message(served: tuple[Coach, str]) -> None:
    async def calling(s: Any) -> Any:
        return await s.call_tool("outcomes", {"tasks": "   "})

    answer = session(served[1], calling)

    assert answer.isError
    assert "Traceback" not in answer.content[0].text
