"""`coach uncertainty`: ML experiment notes → hypotheses, learning, honest confidence, the next decision."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import add_common, emit_json, make_coach, read_file
from coach.features.uncertainty import UncertaintyResult


def register(sub: Any) -> None:
    p = sub.add_parser(
        "uncertainty",
        help="turn experiment notes into hypotheses, learning and the next decision",
        description="Reframe ML experiment notes around what was tested and learned (failures count), how "
        "sure the team can be, and the next decision — and flag phrases that claim more (or less) than the "
        "evidence shows.",
    )
    p.add_argument("file", metavar="FILE", help="a file of experiment notes, or - to read standard input")
    add_common(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    result = make_coach(args).uncertainty(read_file(args.file))
    if args.json:
        emit_json(result)
    else:
        print(render(result))
    return 0


def render(result: UncertaintyResult) -> str:
    lines = [f"[{result.engine}]", result.text]
    if result.overclaims:
        lines += ["", "Overclaims:"] + [f"  ! '{o.phrase}': {o.why}" for o in result.overclaims]
    if result.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in result.warnings]
    return "\n".join(lines)
