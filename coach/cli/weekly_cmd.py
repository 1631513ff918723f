"""`coach weekly`: the week's outcome log (or notes) → a Progress / Problems / Plan update, ready to paste."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coach.cli.common import add_common, emit_json, make_coach, read_file
from coach.features.weekly import FORMATS, readers


def register(sub: Any) -> None:
    p = sub.add_parser(
        "weekly",
        help="draft the weekly Progress / Problems / Plan update",
        description="Draft the weekly Progress / Problems / Plan update from the outcome log (`coach log "
        "add`) or from notes.",
    )
    p.add_argument("--week", metavar="YYYY-Www", help="e.g. 2026-W48 (default: this week)")
    p.add_argument(
        "--from",
        dest="source",
        metavar="FILE",
        help="draft from notes in FILE (or - for standard input) instead of the outcome log",
    )
    p.add_argument("--format", dest="fmt", choices=FORMATS, default="markdown", help="default: markdown")
    p.add_argument("--reader", choices=readers(), default="manager", help="who reads it (default: manager)")
    add_common(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    notes = read_file(args.source) if args.source is not None else None
    result = make_coach(args).weekly(week=args.week, notes=notes, reader=args.reader, fmt=args.fmt)
    if args.json:
        emit_json(result)
    else:
        print(result.text, end="")
        # On stderr, so `coach weekly | pbcopy` copies only the update.
        for warning in result.warnings:
            print(f"coach: note: {warning}", file=sys.stderr)
    return 0
