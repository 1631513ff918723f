"""A short soak (benchmarks/bench_soak.py, 60 requests): every feature through a faulty endpoint ends as a result or
one clear CoachError, within the retry budget and the deadline; and the fault schedule it uses is reproducible."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from llm_server import FAULTS, FaultSchedule, JSONDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_soak import BUDGET, FEATURES, run_soak  # noqa: E402


def test_a_short_soak_has_no_crash_and_stays_within_the_budget() -> None:
    soak = run_soak(60, seed=3, rate=0.25, concurrency=8, request_timeout_s=0.3, hang_s=0.8)
    status = soak.by_status
    failures = [f"{o.feature}: {o.status}: {o.detail}" for o in soak.outcomes if o.status in ("crash", "unclear")]
    assert failures == []
    assert status["ok"] + status["error"] == 60
    assert soak.over_budget == {}, f"over the budget of {BUDGET} HTTP requests: {soak.over_budget}"
    assert soak.late == []
    assert soak.faults >= 8, soak.served  # the endpoint really was faulty
    assert {o.feature for o in soak.outcomes if o.status == "ok"} == set(FEATURES)
    assert "(no marker)" not in soak.upstream  # every upstream call is accounted to its request
    assert soak.passed


def bodies(n: int) -> list[JSONDict]:
    return [{"messages": [{"role": "user", "content": f"request {i}"}]} for i in range(n)]


def test_the_fault_schedule_is_seeded_and_independent_of_arrival_order() -> None:
    def served(order: list[JSONDict], seed: int) -> list[str]:
        """The kind served to each request, in the order sent."""
        schedule = FaultSchedule(seed=seed, answer=lambda body: "{}")
        drawn: list[str] = []
        for body in order:
            before = Counter(schedule.served)
            schedule(body)
            drawn.extend(schedule.served - before)
        return drawn

    forward = bodies(400)
    first = served(forward, seed=11)
    assert served(forward, seed=11) == first
    by_body = dict(zip((b["messages"][0]["content"] for b in forward), first, strict=True))
    backward = list(reversed(forward))
    assert served(backward, seed=11) == [by_body[b["messages"][0]["content"]] for b in backward]
    assert served(forward, seed=12) != first


def test_the_fault_schedule_serves_every_kind_at_the_rate_asked() -> None:
    schedule = FaultSchedule(seed=5, rate=0.22, answer=lambda body: "{}")
    for body in bodies(3000):
        schedule(body)
    faults = sum(n for kind, n in schedule.served.items() if kind != "ok")
    assert 0.19 < faults / 3000 < 0.25
    assert set(schedule.served) == {*FAULTS, "ok"}
    # A retry of the same request is a new draw, not the same fault again.
    again = FaultSchedule(seed=5, rate=0.5, answer=lambda body: "{}")
    for _ in range(200):
        again(bodies(1)[0])
    assert Counter(again.served)["ok"] not in (0, 200)
