"""`coach translate`: technical text → words an executive, sales lead, PM or data scientist acts on."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import add_common, emit_json, make_coach, read_text
from coach.features.translate import TranslateResult


def register(sub: Any) -> None:
    p = sub.add_parser(
        "translate",
        help="rewrite technical text for an audience",
        description="Rewrite technical text for an audience, with a fact check.",
    )
    p.add_argument(
        "--audience",
        "-a",
        action="append",
        default=None,
        help="executive, sales, product, data-science, or a description in quotes (repeatable)",
    )
    p.add_argument("text", metavar="TEXT", help="the text, or - to read standard input")
    add_common(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    text = read_text(args.text)
    coach = make_coach(args)
    audiences: list[str] = args.audience or ["executive"]
    results = coach.translate_many(text, audiences)
    if args.json:
        emit_json(results[0] if len(results) == 1 else list(results))
    else:
        print("\n\n".join(render(r) for r in results))
    return 0


def render(r: TranslateResult) -> str:
    lines = [f"[{r.engine}] for {r.audience}", "", r.rewrite, ""]
    if r.why_it_matters:
        lines += [f"Why it matters: {r.why_it_matters}", ""]
    if r.changes:
        lines.append("Changes:")
        lines += [f"  - {c.from_!r} → {c.to!r}: {c.reason}" for c in r.changes]
    if r.jargon:
        lines.append("Jargon in the original: " + ", ".join(dict.fromkeys(j.term for j in r.jargon)))
    fc = r.fact_check
    lines.append("Fact check: ok" if fc.ok else f"Fact check: missing {fc.missing or '[]'}, added {fc.added or '[]'}")
    lines.append(f"Readability: grade {r.readability.before:.1f} → {r.readability.after:.1f}")
    if r.warnings:
        lines.append("Warnings:")
        lines += [f"  ! {w}" for w in r.warnings]
    return "\n".join(lines)
