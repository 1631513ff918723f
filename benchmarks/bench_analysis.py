"""Analysis throughput: jargon + facts + readability over a generated 1 MB technical text.

    python benchmarks/bench_analysis.py [--mb 1.0]

Writes the figures to docs/performance.md under "## Analysis throughput". Target: >= 5 MB/s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import write_section  # noqa: E402
from coach.analysis.facts import extract_facts  # noqa: E402
from coach.analysis.glossary import builtin_glossary  # noqa: E402
from coach.analysis.jargon import JargonIndex, find_jargon  # noqa: E402
from coach.analysis.readability import grade  # noqa: E402
from coach.audiences import get_audience  # noqa: E402

SENTENCES = [
    "We cut p99 latency from {a}ms to {b}ms across {n} regions after the canary deploy.",
    "Our model has high recall but low precision, so the on-call team saw {n} false positives a day.",
    "The nightly ETL backfill failed at {h}:{m} UTC because of schema drift in the Kafka topic.",
    "Fine-tuning with LoRA lifted F1 from 0.{a} to 0.{b} while inference cost rose {p}%.",
    "Read replica lag hit {n} seconds during the migration; we did not lose data (JIRA-{a}).",
    "We no longer shard by tenant ID, which saves about ${a}k a month on the Postgres {n} cluster.",
    "The retryPolicy in rand.Int63n() backoff hit the RRDNS resolver {n} times per minute.",
    "Throughput rose to {a} QPS with a cache hit rate of {p}% and {n} pods behind the load balancer.",
]


def corpus(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        s = rng.choice(SENTENCES).format(
            a=rng.randint(100, 999),
            b=rng.randint(10, 99),
            n=rng.randint(2, 64),
            h=rng.randint(10, 23),
            m=rng.randint(10, 59),
            p=rng.randint(1, 99),
        )
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = corpus(args.mb)
    mb = len(text.encode()) / 1e6
    index = JargonIndex(builtin_glossary())
    audience = get_audience("executive")
    stages = {
        "jargon": lambda: find_jargon(text, audience, index),
        "facts": lambda: extract_facts(text),
        "readability": lambda: grade(text),
    }
    timings: dict[str, float] = {}
    for name, fn in stages.items():
        fn()  # warm-up: compiled regexes, caches
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        timings[name] = statistics.median(runs)
    total = sum(timings.values())
    rows = [f"| {name} | {t * 1000:.0f} ms | {mb / t:.1f} MB/s |" for name, t in timings.items()]
    body = "\n".join(
        [
            f"Generated technical text: {mb:.2f} MB; median of {args.repeat} runs per stage; one process, one core.",
            "Command: `python benchmarks/bench_analysis.py`",
            "",
            "| stage | time | throughput |",
            "|---|---|---|",
            *rows,
            f"| **all three** | {total * 1000:.0f} ms | **{mb / total:.1f} MB/s** (target ≥ 5 MB/s) |",
        ]
    )
    print(body)
    write_section(ROOT / "docs" / "performance.md", "Analysis throughput", body)


if __name__ == "__main__":
    main()
