"""The LLM engine end to end through `Coach`: a real ChatOpenAI, a loopback server, the shared post-checks."""

from __future__ import annotations

import json

from llm_server import LLMServer

from coach import Coach, Settings


def coach_for(server: LLMServer) -> Coach:
    return Coach.from_settings(
        Settings(_env_file=None, OPENAI_BASE_URL=server.base_url, COACH_MODEL="local-model", COACH_MAX_RETRIES=0)
    )


def test_auto_engine_picks_llm_when_an_endpoint_is_set(llm_server: LLMServer) -> None:
    assert coach_for(llm_server).engine == "llm"
    assert Coach.from_settings(Settings(_env_file=None)).engine == "offline"


def test_llm_rewrite_is_fact_checked_like_the_offline_one(llm_server: LLMServer) -> None:
    llm_server.enqueue(
        {
            "rewrite": "Search got about four times faster for customers in every region.",
            "changes": [{"before": "p99 latency", "after": "search speed", "reason": "Executives think in speed."}],
            "why_it_matters": "Customers wait less, so fewer abandon a search.",
        }
    )
    result = coach_for(llm_server).translate("We cut p99 latency from 800ms to 200ms across 3 regions.")
    assert result.engine == "llm"
    assert result.model == "local-model"
    assert result.prompt is not None and result.prompt.hash
    assert result.why_it_matters == "Customers wait less, so fewer abandon a search."
    assert {"800ms", "200ms"} <= set(result.fact_check.missing)
    assert not result.fact_check.ok
    assert any("missing" in w for w in result.warnings)
    assert result.changes[0].from_ == "p99 latency"
    assert "p99" in {j.term for j in result.jargon}
    sent = json.dumps(llm_server.requests[0]["messages"])
    assert "800ms to 200ms across 3 regions" in sent


def test_several_audiences_make_one_call_each(llm_server: LLMServer) -> None:
    answer = {"rewrite": "Errors fell from 2% to 0.5%.", "changes": [], "why_it_matters": "Fewer failed orders."}
    llm_server.enqueue(answer, answer)
    results = coach_for(llm_server).translate_many("Error rate fell from 2% to 0.5%.", ["executive", "sales"])
    assert [r.audience for r in results] == ["executive", "sales"]
    assert all(r.fact_check.ok for r in results)
    assert len(llm_server.requests) == 2
    # The audiences are asked concurrently: either request may arrive first.
    assert sum("Sales leader" in json.dumps(r["messages"]) for r in llm_server.requests) == 1
