"""Offline translate of a 1,000-character input: `Coach.translate(text, "executive")` end to end, CPU time, on
realistic texts cut from the public texts of evals/real (incident write-ups, changelogs, PR descriptions, model
cards, task lists), side by side with what the analysis alone (jargon + facts + readability) costs on each.

    python benchmarks/bench_translate.py [--repeat 60]

Writes docs/performance.md "## Offline translate, 1,000 characters" (target: ≤ 2 ms median CPU). When the target
is not met, the section also holds where the time goes: the ten functions of the largest cumulative time in a
cProfile of the same calls.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import write_section  # noqa: E402
from benchmarks.real_corpus import KINDS, load_corpus  # noqa: E402
from coach import Coach, Settings  # noqa: E402
from coach.analysis.facts import extract_facts  # noqa: E402
from coach.analysis.jargon import find_jargon  # noqa: E402
from coach.analysis.readability import grade  # noqa: E402
from coach.features.translate import as_reader  # noqa: E402

TARGET_MS = 2.0
SIZE = 1_000
TITLE = "Offline translate, 1,000 characters"


def texts(size: int = SIZE) -> dict[str, str]:
    """Texts of about `size` characters (cut at the last space before it): each kind's texts of evals/real joined,
    one window of `size` after another while at least `size` are left (so the longest kind gives two or more)."""
    corpus = load_corpus()
    out: dict[str, str] = {}
    for kind in KINDS:
        joined = "\n\n".join(t.text for t in corpus if t.kind == kind)
        windows = [joined[start : start + size] for start in range(0, len(joined) - size + 1, size)]
        for n, window in enumerate(windows, 1):
            space = window.rfind(" ")
            name = kind if len(windows) == 1 else f"{kind} {n}"
            out[name] = (window[:space] if space > size - 80 else window).strip()
    return out


def cpu_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    """CPU milliseconds of `repeat` calls, after one warm-up call."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        runs.append((time.process_time() - start) * 1000)
    return runs


ANALYSIS = ("find_jargon", "extract_facts", "grade")


def profile_rows(
    calls: list[Callable[[], object]], top: int = 10
) -> tuple[int, list[tuple[str, int, float, float]], dict[str, float]]:
    """(calls profiled, the `top` functions by cumulative time: name, calls, cumulative ms, own ms per translate,
    and how many times each of the ANALYSIS functions ran per translate)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    per = len(calls)
    analysis = dict.fromkeys(ANALYSIS, 0.0)
    for (path, line, name), (_, calls_n, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = Path(path)
        if name in analysis and "coach/analysis/" in path.replace("\\", "/"):
            analysis[name] += calls_n / per
        if where == Path(__file__).resolve() or name == "<method 'disable' of '_lsprof.Profiler' objects>":
            continue  # this benchmark's own frames
        short = str(where.relative_to(ROOT)) if where.is_relative_to(ROOT) else where.name
        rows.append((f"{short}:{line}({name})" if line else name, calls_n, cumulative, own))
    rows.sort(key=lambda row: -row[2])
    return per, [(name, n, cum * 1000 / per, own * 1000 / per) for name, n, cum, own in rows[:top]], analysis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    coach = Coach(Settings(_env_file=None, COACH_ENGINE="offline", COACH_CACHE="off"))
    coach.translate("warm up: p99 latency of the API gateway")  # the glossary read and compiled, not timed
    reader = as_reader("executive")
    index = coach.index

    rows = []
    every_translate: list[float] = []
    every_analysis: list[float] = []
    for name, text in texts().items():
        translate = cpu_ms(lambda text=text: coach.translate(text, "executive"), args.repeat)  # type: ignore[misc]
        analysis = cpu_ms(
            lambda text=text: (find_jargon(text, reader, index), extract_facts(text), grade(text)),  # type: ignore[misc]
            args.repeat,
        )
        every_translate += translate
        every_analysis += analysis
        rows.append((name, len(text), statistics.median(translate), statistics.median(analysis)))

    median_translate = statistics.median(every_translate)
    median_analysis = statistics.median(every_analysis)
    met = median_translate <= TARGET_MS
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"`python benchmarks/bench_translate.py` — {datetime.now():%Y-%m-%d}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, 1-min load average {load:.1f}; CPU time (`time.process_time`), median of "
        f"{args.repeat} calls a text after a warm-up, offline engine, answer cache off, the glossary already loaded.",
        "",
        f"Texts of about {SIZE:,} characters cut from evals/real (each kind's public texts joined, cut at a space).",
        "",
        '| text | characters | `Coach.translate(text, "executive")` ms | analysis alone ms | translate ÷ analysis |',
        "|---|---:|---:|---:|---:|",
        *(f"| {name} | {n} | {t:.2f} | {a:.2f} | {t / a:.1f} × |" for name, n, t, a in rows),
        f"| **all texts** | | **{median_translate:.2f}** | {median_analysis:.2f} | "
        f"{median_translate / median_analysis:.1f} × |",
        "",
        "The analysis alone is `find_jargon` + `extract_facts` + `grade` once each on the original, for the same "
        "reader and glossary: what any offline result needs at least. Translate adds the rewrite (plain words, "
        "restructuring, shortening to the reader's budget), and the checks of the rewrite against the original "
        "(facts, jargon left, readability), the changes list and the result's fields.",
        "",
        f"Target: ≤ {TARGET_MS:g} ms median CPU — {'met' if met else 'NOT met'} ({median_translate:.2f} ms, "
        f"{median_translate / TARGET_MS:.2f} × the target; the analysis alone is {median_analysis:.2f} ms of it).",
    ]
    if not met:
        sample = list(texts().values())
        calls = [lambda text=text: coach.translate(text, "executive") for text in sample for _ in range(10)]
        profiled, top, counted = profile_rows(calls)  # type: ignore[arg-type]
        lines += [
            "",
            f"Where the time goes: the ten functions with the largest cumulative time in a cProfile of {profiled} "
            "translates of the texts above (ms per translate; profiling slows every call, so compare the rows with "
            "each other, not with the medians above):",
            "",
            "| function | calls | cumulative ms | own ms |",
            "|---|---:|---:|---:|",
            *(f"| `{name}` | {n} | {cum:.2f} | {own:.2f} |" for name, n, cum, own in top),
            "",
            "Times each analysis function ran per translate in the same profile (once each is the analysis alone): "
            + ", ".join(f"`{name}` {n:.1f}" for name, n in counted.items())
            + ".",
        ]
    body = "\n".join(lines)
    print(body)
    write_section(ROOT / "docs" / "performance.md", TITLE, body)


if __name__ == "__main__":
    main()
