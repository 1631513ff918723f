"""Soak: requests across every model feature through `Coach.run`, against an endpoint that fails a fifth of the time.

Run: `python benchmarks/bench_soak.py [--requests 1000] [--seed 7] [--rate 0.22] [--concurrency 16]`
(`make soak`). The loopback server of tests/llm_server.py answers each HTTP request with a schema-valid answer or,
at `--rate`, with a fault drawn by a seeded `FaultSchedule`: 429 with Retry-After, 500, 503, a hang past the
request timeout, a dropped connection, a truncated body, a cut-off JSON body, `"choices": []`, schema-invalid
content, a huge answer. Every request must end as a result or as one clear `CoachError` (one line, no Python
exception name, no API key), never a crash; the HTTP requests each user request caused (counted by a marker in
its text) must stay within the retry budget of coach/model/seam.py; every request must end by its deadline.

Writes docs/reliability.md, sections "Retry budget" and "Soak"; exits 1 when a criterion is not met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(p) for p in (ROOT, ROOT / "tests") if str(p) not in sys.path]

from llm_server import FAULTS, FaultSchedule, LLMServer  # noqa: E402

from benchmarks._report import RELIABILITY_HEADER, write_section  # noqa: E402
from coach.core import Coach  # noqa: E402
from coach.errors import CoachError  # noqa: E402
from coach.flow.results import Common  # noqa: E402
from coach.model.seam import OUTPUT_ATTEMPTS  # noqa: E402
from coach.settings import Settings  # noqa: E402

DOC = ROOT / "docs" / "reliability.md"
FEATURES = ("translate", "outcomes", "weekly", "tradeoffs", "uncertainty")
RETRIES = 2  # COACH_MAX_RETRIES
REQUEST_TIMEOUT_S = 0.5  # COACH_REQUEST_TIMEOUT: a `hang` fault waits longer than this
HANG_S = 1.5
DEADLINE_S = 15.0  # COACH_DEADLINE
API_KEY = "sk-soak-SECRET-never-shown"
MARKER = re.compile(r"SOAK-\d{6}")
EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b|Traceback")
CALLS_PER_REQUEST = 1
"""Model calls each soak request makes: one audience, at most 20 tasks, one weekly/trade-offs/uncertainty call."""
BUDGET = CALLS_PER_REQUEST * OUTPUT_ATTEMPTS * (1 + RETRIES)


def inputs_for(i: int) -> tuple[str, dict[str, Any]]:
    """Request `i`: the feature and its inputs, each carrying the marker SOAK-<i> so its upstream calls are found."""
    tag = f"SOAK-{i:06d}"
    feature = FEATURES[i % len(FEATURES)]
    if feature == "translate":
        audience = ("executive", "sales", "product", "data-science")[i // len(FEATURES) % 4]
        return feature, {"text": f"Checkout errors fell from 4% to 1% after the fix ({tag}).", "audience": audience}
    if feature == "outcomes":
        return feature, {"tasks": f"completed {tag}\ncut cloud costs by {i % 40 + 2}%\nmigrated the billing job"}
    if feature == "weekly":
        notes = f"Cut costs by 10% ({tag})\nBlocked on legal review\nNext: ship the billing export"
        return feature, {"notes": notes, "week": "2026-W01", "source": "notes"}
    if feature == "tradeoffs":
        return feature, {
            "request": f"Add SSO for a big customer by Friday ({tag})",
            "workstreams": ["Billing export: on track", "Search: at risk"],
        }
    return feature, {"notes": f"Tried focal loss ({tag}): recall +2 pts on val.\nNext: collect more labels."}


@dataclass
class Outcome:
    """How one request ended."""

    feature: str
    status: str
    """"ok" (a result), "error" (one clear CoachError), "unclear" (a CoachError that is not), "crash"."""
    detail: str = ""
    kind: str = ""
    seconds: float = 0.0


@dataclass
class Soak:
    """Everything a soak run measured."""

    requests: int
    seed: int
    rate: float
    concurrency: int
    wall_s: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)
    served: Counter[str] = field(default_factory=Counter)
    upstream: Counter[str] = field(default_factory=Counter)
    """HTTP requests the endpoint received, by soak request marker."""

    @property
    def by_status(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    @property
    def faults(self) -> int:
        return sum(n for kind, n in self.served.items() if kind != "ok")

    @property
    def over_budget(self) -> dict[str, int]:
        return {tag: n for tag, n in self.upstream.items() if n > BUDGET}

    @property
    def late(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.seconds > DEADLINE_S + 1.0]

    @property
    def passed(self) -> bool:
        clean = self.by_status.get("crash", 0) == 0 and self.by_status.get("unclear", 0) == 0
        return clean and not self.over_budget and not self.late and len(self.outcomes) == self.requests


def classify(feature: str, call: Callable[[], object]) -> Outcome:
    started = time.monotonic()
    try:
        result = call()
        if not isinstance(result, Common):
            return Outcome(feature, "crash", f"returned {type(result).__name__}")
        result.model_dump_json()  # the result must serialise, as the CLI's --json does
        status, detail, kind = "ok", "", ""
    except CoachError as exc:
        message = str(exc)
        clear = message.strip() and "\n" not in message and not EXCEPTION_NAME.search(message)
        status = "error" if clear and API_KEY not in message else "unclear"
        detail, kind = message, str(getattr(exc, "kind", type(exc).__name__))
    except Exception as exc:
        status, detail, kind = "crash", f"{type(exc).__name__}: {exc}", type(exc).__name__
    return Outcome(feature, status, detail, kind, time.monotonic() - started)


def run_soak(
    requests: int = 1000,
    *,
    seed: int = 7,
    rate: float = 0.22,
    concurrency: int = 16,
    request_timeout_s: float = REQUEST_TIMEOUT_S,
    hang_s: float = HANG_S,
) -> Soak:
    """Send `requests` requests through `Coach.run`, `concurrency` at a time, against a faulty endpoint."""
    soak = Soak(requests, seed, rate, concurrency)
    schedule = FaultSchedule(seed=seed, rate=rate, hang_s=hang_s)
    with LLMServer(default=schedule) as server, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            COACH_ENGINE="llm",
            OPENAI_BASE_URL=server.base_url,
            OPENAI_API_KEY=API_KEY,
            COACH_MAX_RETRIES=RETRIES,
            COACH_REQUEST_TIMEOUT=request_timeout_s,
            COACH_DEADLINE=DEADLINE_S,
            COACH_CACHE="off",  # every request goes upstream: the cache would answer the repeats
            COACH_DB_URL=f"sqlite:///{Path(tmp) / 'soak.db'}",
        )
        coach = Coach.from_settings(settings)

        def one(i: int) -> Outcome:
            feature, inputs = inputs_for(i)
            return classify(feature, lambda: coach.run(feature, **inputs))

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="soak") as pool:
            soak.outcomes = list(pool.map(one, range(requests)))
        soak.wall_s = time.monotonic() - started
        time.sleep(hang_s + 0.5)  # let the last hung answers land, so a late upstream call would be counted
        for body in list(server.requests):
            found = MARKER.search(json.dumps(body.get("messages")))
            soak.upstream[found.group(0) if found else "(no marker)"] += 1
        soak.served = Counter(schedule.served)
    return soak


def report(soak: Soak) -> tuple[str, str]:
    """The "Retry budget" and "Soak" sections."""
    budget = f"""\
Written once, in coach/model/seam.py; R = `COACH_MAX_RETRIES` (default 2).

| layer | what is retried | by whom | at most |
|---|---|---|---|
| (a) transport | 408, 409, 429 (honouring `Retry-After` up to 2 min), 5xx, timeouts, connection errors; and a 200 \
answer the client cannot read (cut-off body, `"choices": []`) | the openai SDK; coach re-reads an unreadable answer \
from the same count | 1 + R HTTP requests per answer |
| (b) output | an answer that is not JSON, fails the schema, is over 200,000 characters, or was cut off at the token \
limit | coach: one re-ask, with the answer and what was wrong | {OUTPUT_ATTEMPTS} answers per model call |
| (c) deadline | nothing: it stops the other two | `COACH_DEADLINE` (default 120 s) bounds the whole request: no \
attempt, retry wait, re-read or re-ask starts when it would end past the deadline, each attempt's timeout is cut to \
the time left, and nothing reaches the endpoint after the caller was told the request failed | the deadline |

So one model call sends at most {OUTPUT_ATTEMPTS} × (1 + R) HTTP requests ({OUTPUT_ATTEMPTS * (1 + RETRIES)} with \
the defaults) and ends by the deadline. A request makes one model call per audience (translate), per 20 tasks \
(outcomes), or one (weekly, trade-offs, uncertainty). A refusal, a content-filter stop, 401/403/404 and other \
4xx answers are never retried. Another LangChain chat model (not OpenAI-compatible) keeps its own client's \
retries; coach's layers (b) and (c) apply around it, and its call runs in a worker thread the caller stops waiting \
for at the deadline. Tests: tests/test_seam_faults.py (each fault once and every time, requests counted), \
tests/test_deadline.py (no upstream call after the deadline).

Commands: `make soak` (the "Soak" section below and this one), `make load` (the "Load" section), and the tests
`.venv/bin/python -m pytest tests/test_seam_faults.py tests/test_deadline.py tests/test_soak.py -q` (the soak
there is the same run with 60 requests)."""
    status = soak.by_status
    total_upstream = sum(soak.upstream.values())
    seconds = sorted(o.seconds for o in soak.outcomes)
    kinds = Counter(o.kind for o in soak.outcomes if o.status == "error")
    per_feature = Counter((o.feature, o.status) for o in soak.outcomes)
    busiest = max(soak.upstream.values(), default=0)
    lines = [
        f"`python benchmarks/bench_soak.py --requests {soak.requests} --seed {soak.seed} --rate {soak.rate:g} "
        f"--concurrency {soak.concurrency}` (`make soak`) — {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, 1-min load average {os.getloadavg()[0]:.1f}. "
        f"Settings: COACH_MAX_RETRIES={RETRIES}, COACH_REQUEST_TIMEOUT={REQUEST_TIMEOUT_S:g} (a hang lasts "
        f"{HANG_S:g} s), COACH_DEADLINE={DEADLINE_S:g}, answer cache off.",
        "",
        "| figure | value | target |",
        "|---|---:|---|",
        f"| requests (`Coach.run`, {', '.join(FEATURES)} in turn) | {len(soak.outcomes)} | {soak.requests} |",
        f"| HTTP requests the endpoint received | {total_upstream} | |",
        f"| of which faults | {soak.faults} ({soak.faults / max(total_upstream, 1):.1%}) | 20–25 % |",
        f"| results | {status.get('ok', 0)} | |",
        f"| clear `CoachError`s (one line, no exception name, no key) | {status.get('error', 0)} | |",
        f"| unclear errors | {status.get('unclear', 0)} | 0 |",
        f"| crashes (any other exception) | {status.get('crash', 0)} | 0 |",
        f"| most HTTP requests for one request | {busiest} | ≤ {BUDGET} (the budget) |",
        f"| requests over the budget | {len(soak.over_budget)} | 0 |",
        f"| slowest request | {seconds[-1] if seconds else 0:.2f} s | ≤ {DEADLINE_S:g} s (the deadline) |",
        f"| median / p95 request | {statistics.median(seconds) if seconds else 0:.2f} s / "
        f"{seconds[int(0.95 * (len(seconds) - 1))] if seconds else 0:.2f} s | |",
        f"| wall time of the run | {soak.wall_s:.1f} s | |",
        "",
        "Faults served, by kind: "
        + ", ".join(f"{kind} {soak.served.get(kind, 0)}" for kind in FAULTS)
        + f"; plain answers {soak.served.get('ok', 0)}.",
        "",
        "Errors by kind: "
        + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none")
        + ". By feature: "
        + "; ".join(f"{f} {per_feature[(f, 'ok')]} ok / {per_feature[(f, 'error')]} errors" for f in FEATURES)
        + ".",
        "",
        f"Verdict: {'met' if soak.passed else 'NOT met'} — every request ended as a result or one clear "
        "`CoachError`, within the retry budget and the deadline" + ("." if soak.passed else f": {_failures(soak)}."),
    ]
    examples = [o for o in soak.outcomes if o.status in ("unclear", "crash")][:5]
    if examples:
        lines += ["", "First failures:", "", *(f"- {o.feature}: {o.status}: {o.detail[:200]}" for o in examples)]
    return budget, "\n".join(lines)


def _failures(soak: Soak) -> str:
    status = soak.by_status
    parts = [
        f"{status.get('crash', 0)} crashes" if status.get("crash") else "",
        f"{status.get('unclear', 0)} unclear errors" if status.get("unclear") else "",
        f"{len(soak.over_budget)} over the budget" if soak.over_budget else "",
        f"{len(soak.late)} past the deadline" if soak.late else "",
    ]
    return ", ".join(p for p in parts if p) or "missing results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rate", type=float, default=0.22, help="share of HTTP requests answered with a fault")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    soak = run_soak(args.requests, seed=args.seed, rate=args.rate, concurrency=args.concurrency)
    budget, body = report(soak)
    print(body)
    write_section(DOC, "Retry budget", budget, header=RELIABILITY_HEADER)
    write_section(DOC, "Soak", body, header=RELIABILITY_HEADER)
    return 0 if soak.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
