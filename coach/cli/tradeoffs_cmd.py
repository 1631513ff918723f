"""`coach tradeoffs`: a request for unplanned work weighed against the planned workstreams."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import add_common, emit_json, make_coach, read_text
from coach.features.tradeoffs import MAX_WORKSTREAMS, OPTIONS, TradeoffsResult, decision_entry


def register(sub: Any) -> None:
    p = sub.add_parser(
        "tradeoffs",
        help="answer unplanned work with trade-offs, not roadblocks",
        description="Weigh a request for unplanned work against the planned workstreams: curious questions "
        "first, then what absorbing it, adjusting planned work or declining means for each workstream, "
        f"a recommendation and a message to the requester. Up to {MAX_WORKSTREAMS} workstreams.",
    )
    p.add_argument("--request", required=True, metavar="TEXT", help="what was asked for, or - for standard input")
    p.add_argument(
        "--workstream",
        action="append",
        default=[],
        metavar="'NAME: status'",
        help="a planned workstream and its status (repeat for each; @handles name who to ask)",
    )
    p.add_argument("--asker", metavar="WHO", help="who asked (the message is addressed to them)")
    p.add_argument(
        "--log-decision",
        choices=OPTIONS,
        metavar="|".join(OPTIONS),
        help="save the chosen option to this week's outcome log",
    )
    add_common(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    coach = make_coach(args)
    result = coach.tradeoffs(read_text(args.request), args.workstream, asker=args.asker)
    logged = None
    if args.log_decision:
        text, kind = decision_entry(result, args.log_decision)
        logged = coach.store.add_entry(text, kind=kind)
    if args.json:
        emit_json(result)
    else:
        print(render(result))
        if logged is not None:
            print(f"\nLogged #{logged.id} ({logged.kind}): {logged.text}")
    return 0


def render(result: TradeoffsResult) -> str:
    lines = [f"[{result.engine}] trade-offs for: {result.request}", "", "Ask first:"]
    lines += [f"  ? {q}" for q in result.questions]
    lines += ["", result.markdown.rstrip(), "", "Message to the requester:", result.message]
    if result.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in result.warnings]
    return "\n".join(lines)
