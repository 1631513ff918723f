"""`coach outcomes`: a task list (one per line) → one outcome statement per task, or the question to ask."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import add_common, emit_json, make_coach, read_file
from coach.features.outcomes import MAX_TASKS, OutcomesResult


def register(sub: Any) -> None:
    p = sub.add_parser(
        "outcomes",
        help="turn a task list into outcome statements",
        description="Turn a task list (one task per line; bullets and ticket IDs welcome) into outcome "
        f"statements: what changed, for whom, with what result. Up to {MAX_TASKS} tasks.",
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
    lines = [f"[{result.engine}] {len(result.items)} task{'s' if len(result.items) != 1 else ''}", ""]
    for item in result.items:
        lines.append(f"- {item.outcome}")
        if item.question:
            lines.append(f"    ? {item.question}")
    if result.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in result.warnings]
    return "\n".join(lines)
