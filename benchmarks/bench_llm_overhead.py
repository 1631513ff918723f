"""What coach's model seam costs on top of a raw openai SDK call.

Run: `python benchmarks/bench_llm_overhead.py [N]`. A loopback OpenAI-compatible server (tests/llm_server.py)
answers instantly with a valid TranslationDraft; the same request is timed, interleaved, as

  (a) raw: `openai.OpenAI(...).chat.completions.create(**the exact body Coach.translate sends)`
  (b) coach: `Coach.translate(...)` end to end — validation, prompt, langchain, structured output, post-checks
      validation, the re-ask wrapper and the deadline thread included.

The figures go to docs/performance.md under "## LLM engine overhead" (only that section is replaced).
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import openai  # noqa: E402
from llm_server import LLMServer  # noqa: E402

from coach.core import Coach  # noqa: E402
from coach.settings import Settings  # noqa: E402

HEADING = "## LLM engine overhead"
DOC = ROOT / "docs" / "performance.md"
TARGET_MS = 3.0
WARMUP = 30
DRAFT = {
    "rewrite": "Search is now much faster for customers: the slowest searches take 200ms instead of 800ms.",
    "changes": [{"before": "p99 latency", "after": "the slowest searches", "reason": "No jargon."}],
    "why_it_matters": "Customers wait less, which keeps them searching.",
}
TEXT = "After the index migration (INFRA-212) p99 latency dropped from 800ms to 200ms."
PROFILE = "A CEO. Cares about customers, revenue and risk. Length budget: 2 sentences."


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], cpu: list[float]) -> float:
    """Wall-clock ms of one call; its process CPU ms (client and in-process server) goes to `cpu`."""
    start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
    fn()
    cpu.append((time.process_time_ns() - start_cpu) / 1e6)
    return (time.perf_counter_ns() - start) / 1e6


def main(n: int) -> str:
    with LLMServer(default=lambda _request: DRAFT) as server:
        settings = Settings(
            _env_file=None,
            OPENAI_BASE_URL=server.base_url,
            OPENAI_API_KEY="sk-bench",
            COACH_MODEL="gpt-4o-mini",
            COACH_ENGINE="llm",
            COACH_CACHE="off",  # every call goes to the endpoint: the cache would hide the overhead measured
        )
        coach = Coach.from_settings(settings)

        def coach_call() -> object:
            # End to end, as a user calls it: validation, prompt, model call, post-checks, result.
            return coach.translate(TEXT, audience="executive")

        coach_call()
        body = dict(server.requests[-1])  # exactly what the seam sends, replayed by the raw client
        body.pop("stream", None)
        with openai.OpenAI(base_url=server.base_url, api_key="sk-bench", max_retries=2, timeout=60) as raw:

            def raw_call() -> object:
                return raw.chat.completions.create(**body)

            for _ in range(WARMUP):
                raw_call()
                coach_call()
            gc.collect()
            raw_ms: list[float] = []
            coach_ms: list[float] = []
            raw_cpu: list[float] = []
            coach_cpu: list[float] = []
            for i in range(n):
                # Interleave, alternating which goes first, so drift and caching hit both alike.
                if i % 2:
                    raw_ms.append(timed(raw_call, raw_cpu))
                    coach_ms.append(timed(coach_call, coach_cpu))
                else:
                    coach_ms.append(timed(coach_call, coach_cpu))
                    raw_ms.append(timed(raw_call, raw_cpu))

    overhead = [c - r for c, r in zip(coach_ms, raw_ms, strict=True)]
    med_overhead = statistics.median(coach_ms) - statistics.median(raw_ms)
    verdict = "within" if med_overhead <= TARGET_MS else "OVER"
    lines = [
        HEADING,
        "",
        f"`python benchmarks/bench_llm_overhead.py` — {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, openai {openai.__version__}, N={n} each after {WARMUP} warm-up pairs, "
        "interleaved, against the loopback server of tests/llm_server.py answering instantly.",
        "",
        "| call | median ms | p90 ms |",
        "|---|---:|---:|",
        f"| (a) raw `openai.OpenAI().chat.completions.create` | {statistics.median(raw_ms):.2f} "
        f"| {percentile(raw_ms, 0.9):.2f} |",
        f"| (b) `Coach.translate` end to end | {statistics.median(coach_ms):.2f} | {percentile(coach_ms, 0.9):.2f} |",
        f"| overhead (b − a), median of medians | {med_overhead:.2f} | |",
        f"| overhead (b − a), median of paired differences | {statistics.median(overhead):.2f} "
        f"| {percentile(overhead, 0.9):.2f} |",
        f"| CPU per call (a), mean | {statistics.fmean(raw_cpu):.2f} | |",
        f"| CPU per call (b), mean | {statistics.fmean(coach_cpu):.2f} | |",
        f"| CPU overhead (b − a), mean | {statistics.fmean(coach_cpu) - statistics.fmean(raw_cpu):.2f} | |",
        "",
        f"Machine load while measuring (1-min load average / CPUs): {os.getloadavg()[0]:.1f} / "
        f"{os.cpu_count()}. "
        "Wall-clock figures include scheduling delays of every thread hop when the machine is busy; the CPU "
        "figures (process time, so they include the in-process server's share, the same for both) are the "
        "load-independent measure of the seam's own work.",
        "",
        f"Target: overhead ≤ {TARGET_MS:g} ms median — {verdict} target. Both calls send the same request "
        f"body ({len(json.dumps(body))} bytes: system prompt, 3 few-shot pairs, strict JSON schema) over a "
        "kept-alive connection, so the difference is the seam's own work.",
        "",
        "What the overhead is made of (cProfile, see the module docstring of coach/model/seam.py for the design):",
        "",
        "- About half is the openai SDK itself: langchain-openai sends every `response_format` request "
        "through `chat.completions.parse`, which walks the request (messages + JSON schema) through the "
        "SDK's TypedDict `transform` twice, where the raw `create` walks it once (~1.5 ms CPU here).",
        "- The rest is langchain-core's `invoke` machinery (config, callback manager, message conversion), "
        "the worker thread that enforces the deadline (~0.3 ms), prompt rendering (~0.1 ms) and one pydantic "
        "validation.",
        "- Already removed (12 ms → 3 ms): calling `with_structured_output` per call (it regenerates the "
        "JSON schema, ~1.2 ms; now built once per model and schema), `include_raw=True` (two RunnableParallel"
        " thread-pool hops per call, ~2–4 ms; the raw answer now comes from the parser's exception), and "
        "passing the pydantic class to the SDK (it regenerates the strict schema and validates on every "
        "request; the same schema is now precomputed as a dict, byte-identical on the wire). The loopback "
        "server also disables Nagle's algorithm: without it every answer stalled ~40 ms on delayed ACKs.",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace only this benchmark's section of docs/performance.md (create the file if missing)."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n\n"
    start = text.find(HEADING + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(HEADING))
        rest = text[end + 1 :] if end >= 0 else ""
        text = text[:start] + section + ("\n" + rest if rest else "")
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    print(result)
    write_section(result)
