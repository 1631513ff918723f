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
from collections.abc import Callable
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


# Connective prose of status updates and incident reviews: real technical text is mostly ordinary words.
PLAIN = [
    "The team reviewed the results with the owners on {h} March and agreed on next steps.",
    "We will share a short summary with the wider group before the planning meeting.",
    "Customers in the affected accounts were told about the change by their account managers.",
    "Most of the work this week went into testing and writing up what we learned.",
    "Nothing else changed for users, and the support queue stayed at its usual size.",
    "We expect to finish the remaining work within {n} days if nothing new comes up.",
]


def corpus(megabytes: float, seed: int = 7, *, plain_share: float = 0.0) -> str:
    """Generated text: technical sentences, with `plain_share` of ordinary connective sentences mixed in."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        pool = PLAIN if rng.random() < plain_share else SENTENCES
        s = rng.choice(pool).format(
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


def measure(text: str, repeat: int) -> dict[str, float]:
    index = JargonIndex(builtin_glossary())
    audience = get_audience("executive")
    stages: dict[str, Callable[[], object]] = {
        "jargon": lambda: find_jargon(text, audience, index),
        "facts": lambda: extract_facts(text),
        "readability": lambda: grade(text),
    }
    timings: dict[str, float] = {}
    for name, fn in stages.items():
        fn()  # warm-up: compiled regexes, caches
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        timings[name] = statistics.median(runs)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpora = {
        "status-update mix (half technical sentences)": corpus(args.mb, plain_share=0.5),
        "dense jargon (every sentence technical)": corpus(args.mb),
    }
    lines = [
        f"{args.mb:.1f} MB of generated text per corpus; median of {args.repeat} runs a stage; one process, one core.",
        "Command: `python benchmarks/bench_analysis.py`",
        "",
        "| corpus | jargon | facts | readability | all three |",
        "|---|---|---|---|---|",
    ]
    for name, text in corpora.items():
        mb = len(text.encode()) / 1e6
        t = measure(text, args.repeat)
        total = sum(t.values())
        cells = " | ".join(f"{t[k] * 1000:.0f} ms ({mb / t[k]:.1f} MB/s)" for k in ("jargon", "facts", "readability"))
        lines.append(f"| {name} | {cells} | **{mb / total:.1f} MB/s** |")
    lines += ["", "Target: ≥ 5 MB/s for all three together."]
    body = "\n".join(lines)
    print(body)
    write_section(ROOT / "docs" / "performance.md", "Analysis throughput", body)


if __name__ == "__main__":
    main()
