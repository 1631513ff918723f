"""`coach check`: your own version of a technical text, checked against the original for one reader."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import add_common, emit_json, make_coach, read_file
from coach.errors import InputError
from coach.features.check import CheckResult


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="check your own draft against the original, for a reader",
        description="Check your own version of a technical text for a reader: facts lost or added, jargon "
        "they won't know, length against their budget, outcome first, readability — with suggestions.",
    )
    p.add_argument(
        "--audience",
        "-a",
        default="executive",
        help="executive, sales, product, data-science, or a description in quotes (default: executive)",
    )
    p.add_argument("--original", required=True, metavar="FILE", help="the technical text, or - for standard input")
    p.add_argument("--draft", required=True, metavar="FILE", help="your version, or - for standard input")
    add_common(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.original == "-" and args.draft == "-":
        raise InputError("Only one of --original and --draft can be read from standard input (-); give a file.")
    original = read_file(args.original)
    draft = read_file(args.draft)
    result = make_coach(args).check(original, draft, audience=args.audience)
    if args.json:
        emit_json(result)
    else:
        print(render(result))
    return 0


def render(r: CheckResult) -> str:
    fc, ln = r.fact_check, r.length
    lines = [f"[{r.engine}] your draft, checked for {r.audience}", ""]
    if fc.ok:
        lines.append("Facts: every number, name and negation of the original is kept, none added")
    else:
        lines.append(f"Facts: missing {', '.join(fc.missing) or '-'}; added {', '.join(fc.added) or '-'}")
    terms = ", ".join(dict.fromkeys(h.term for h in r.jargon_left))
    lines.append(f"Jargon left: {terms or 'none'}")
    over = " (over budget)" if ln.over else ""
    lines.append(
        f"Length: {ln.words} words (budget {ln.budget}), {ln.sentences} sentences (budget {ln.sentence_budget}){over}"
    )
    lines.append(f"Outcome first: {'yes' if r.outcome_first else 'no'}")
    lines.append(f"Readability: grade {r.readability.before:.1f} (original) → {r.readability.after:.1f} (your draft)")
    if r.suggestions:
        lines += ["", "Suggestions:"]
        lines += [f"  {i}. {s.text}" for i, s in enumerate(r.suggestions, start=1)]
    else:
        lines += ["", "No problems found by the checks."]
    if r.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in r.warnings]
    return "\n".join(lines)
