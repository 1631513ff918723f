"""`coach outcomes`: a task list (one per line) → finished outcome statements, and the questions still open.

The text output puts the finished statements first, as a list to paste, and the tasks still needing an answer
apart with their question, so nothing pasted reads "result not stated"; `--json` has every item (DESIGN.md).
"""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import add_common, emit_json, make_coach, read_file
from coach.features.outcomes import MAX_TASKS, OutcomesResult
from coach.features.outcomes.schema import open_reason


def register(sub: Any) -> None:
    p = sub.add_parser(
        "outcomes",
        help="turn a task list into outcome statements",
        description="Turn a task list (one task per line; bullets, check boxes and ticket IDs welcome) into "
        "outcome statements: what changed, for whom, with what result. Tasks that state no result, or are not "
        f"done yet (WIP, blocked, [ ]), are listed apart with the one question to answer. Up to {MAX_TASKS} tasks.",
    )
    p.add_argument("file", metavar="FILE", help="a file with one task per line, or - to read standard input")
    add_common(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    text = read_file(args.file)
    result = make_coach(args).outcomes(text)
    if args.json:
        emit_json(result)
    else:
        print(render(result))
    return 0


def render(result: OutcomesResult) -> str:
    n, done, asked = len(result.items), len(result.finished), len(result.open)
    lines = [f"[{result.engine}] {n} task{'s' if n != 1 else ''} · {done} finished · {asked} to answer", ""]
    if result.finished:
        lines += ["Outcome statements:", *(f"- {item.outcome}" for item in result.finished)]
    else:
        lines.append("No finished outcome statement yet: answer the questions below and run it again.")
    if result.open:
        lines += ["", "Still needs an answer:"]
        for item in result.open:
            lines += [f"- {item.task} ({open_reason(item)})", f"    ? {item.question}"]
    if result.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in result.warnings]
    return "\n".join(lines)
