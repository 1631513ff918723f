"""Analysis throughput (jargon + facts + readability over generated 1 MB texts) and worst case (every public
analysis function on texts built to make a regex backtrack, at the 20,000-character input limit).

    python benchmarks/bench_analysis.py [--mb 1.0]

Writes the figures to docs/performance.md under "## Analysis throughput" (target: >= 5 MB/s) and
"## Analysis worst case" (target: every call <= 0.25 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import write_section  # noqa: E402
from coach.analysis.activity import assess, has_metric, question_for  # noqa: E402
from coach.analysis.facts import compare, extract_facts  # noqa: E402
from coach.analysis.glossary import builtin_glossary  # noqa: E402
from coach.analysis.jargon import find_jargon  # noqa: E402
from coach.analysis.jargon_explained import unexplained_jargon  # noqa: E402
from coach.analysis.jargon_index import JargonIndex  # noqa: E402
from coach.analysis.readability import grade  # noqa: E402


@dataclass(frozen=True)
class Reader:
    """The executive reader as the jargon check sees it (any object with an id and a description will do)."""

    id: str = "executive"
    description: str | None = None


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
    audience = Reader()
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


LIMIT = 20_000
# Texts built to make a regex backtrack: a unit repeated to the input limit, then a last character that makes a
# match fail late. The first ones took from 16 s to 205 s of CPU in one function before the patterns were fixed.
UNITS = [
    *"9 - . ` / _ @ a A \n".split(" "),
    *"1,0|ABC |AB |Alice Bob Carol |A1-|1.|a.|A.|1.1.|1,|AB|1-|1 |1\n|1/|0 no |five |a |. |/a|a_|a@|x@b".split("|"),
    *"from 1 |1->|updated 1.2 to |Postgres 1.|JIRA-1 |p99.|--a|1:1 |$1 |1%|Q1 |Jan 1 |1 in |1 per ".split("|"),
    *"n't |a(|a()|`a".split("|"),
]
SUFFIXES = ["", "x", ".x", "_", "@", "(", "1", "A", "'t", ":"]


def worst_case() -> list[tuple[str, str, float]]:
    """For each public function, the shape that took it longest and its CPU seconds (one call each)."""
    index = JargonIndex(builtin_glossary())
    reader = Reader()
    functions: dict[str, Callable[[str], object]] = {
        "extract_facts": extract_facts,
        "compare (text, reversed)": lambda t: compare(t, t[::-1]),
        "find_jargon": lambda t: find_jargon(t, reader, index),
        "unexplained_jargon": lambda t: unexplained_jargon(t, reader, index),
        "grade": grade,
        "assess": assess,
        "has_metric": has_metric,
        "question_for": question_for,
    }
    for fn in functions.values():
        fn("warm up: compiled regexes, caches")
    worst = dict.fromkeys(functions, ("", 0.0))
    for unit in UNITS:
        for suffix in SUFFIXES:
            text = (unit * (LIMIT // len(unit) + 1))[: LIMIT - len(suffix)] + suffix
            for name, fn in functions.items():
                t0 = time.process_time()
                fn(text)
                seconds = time.process_time() - t0
                if seconds > worst[name][1]:
                    worst[name] = (f"{unit!r} × {LIMIT // len(unit)}" + (f" + {suffix!r}" if suffix else ""), seconds)
    return [(name, shape, seconds) for name, (shape, seconds) in worst.items()]


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

    rows = worst_case()
    slowest = max(rows, key=lambda row: row[2])
    lines = [
        f"Each public function on {len(UNITS) * len(SUFFIXES)} texts of {LIMIT:,} characters built to make a regex "
        "backtrack (a unit repeated, then a last character that makes a match fail late); CPU seconds of one call.",
        "Command: `python benchmarks/bench_analysis.py`",
        "",
        "| function | slowest shape | CPU s |",
        "|---|---|---:|",
        *(f"| {name} | `{shape}` | {seconds:.3f} |" for name, shape, seconds in rows),
        "",
        f"Worst: {slowest[0]} on `{slowest[1]}`, {slowest[2]:.3f} s. Target: every call ≤ 0.25 s "
        f"({'met' if slowest[2] <= 0.25 else 'NOT met'}). tests/analysis/test_linear_time.py holds the same shapes "
        "and a hypothesis search for new ones.",
    ]
    body = "\n".join(lines)
    print(body)
    write_section(ROOT / "docs" / "performance.md", "Analysis worst case", body)


if __name__ == "__main__":
    main()
