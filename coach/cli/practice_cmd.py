"""`coach practice`: role-play a stakeholder's questions on standard input, ending in a debrief; and
`coach practice score`: score one answer against the pinned rubric (DESIGN.md has the JSON contract)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from coach.cli.common import add_common, emit_json, make_coach, read_text
from coach.core import Coach
from coach.errors import InputError
from coach.features.practice import PracticeResult, PracticeSession, personas, scenarios
from coach.features.practice.data import CRITERIA, rubric


def register(sub: Any) -> None:
    p = sub.add_parser(
        "practice",
        help="role-play a stakeholder's question; get scored against a pinned rubric",
        description="Practise answering stakeholders. Alone, an interactive session: the persona asks, you answer "
        "(one line each; an empty line or end of input ends it), they follow up on what your answer lacked, then "
        "a debrief. `coach practice score` scores one answer.",
    )
    p.add_argument("--persona", help=f"who asks: {', '.join(personas())}")
    p.add_argument("--scenario", help="the scenario (see --list); its persona asks")
    p.add_argument("--answers", type=int, default=3, metavar="N", help="answers before the debrief (default 3)")
    p.add_argument("--list", action="store_true", help="list the personas and scenarios, then exit")
    p.add_argument("--no-save", action="store_true", help="do not save the session (progress is not tracked)")
    add_common(p)
    p.set_defaults(handler=run_session)
    inner = p.add_subparsers(dest="practice_command", metavar="score")
    s = inner.add_parser(
        "score",
        help="score one answer",
        description="Score an answer to a persona's question: each rubric criterion 1–5 with evidence quoted "
        "from the answer, an overall score and a better answer to compare with.",
    )
    s.add_argument("--persona", help=f"who asks: {', '.join(personas())}")
    s.add_argument("--question", metavar="TEXT", help="what they asked, or - for standard input")
    s.add_argument("--answer", required=True, metavar="TEXT", help="your answer, or - for standard input")
    s.add_argument("--scenario", help="score against a scenario (its question, unless --question is given)")
    s.add_argument("--repeat", type=int, default=1, metavar="N", help="score N times and report the spread")
    add_common(s)
    s.set_defaults(handler=run_score)


def run_score(args: argparse.Namespace) -> int:
    if args.question == "-" and args.answer == "-":
        raise InputError("Only one of --question and --answer can be read from standard input ('-').")
    question = read_text(args.question) if args.question else None
    if question is None and not args.scenario:
        raise InputError("Give --question TEXT (or --scenario, whose question is then used).")
    result = make_coach(args).practice_score(
        read_text(args.answer), persona=args.persona, question=question, scenario=args.scenario, repeat=args.repeat
    )
    if args.json:
        emit_json(result)
    else:
        print(render_score(result))
    return 0


def render_score(result: PracticeResult) -> str:
    lines = [
        f"[{result.engine}] {result.persona} asked: {result.question}",
        f"Overall {result.overall:.1f}/5 (rubric v{result.rubric_version})",
    ]
    for f in result.feedback:
        quote = f' "{f.quote}"' if f.quote else ""
        lines.append(f"  {f.criterion:<18} {f.score}/5  {f.judged_by:<5}{quote} — {f.why}")
    lines += ["", "A better answer:", f"  {result.better_answer}"]
    if result.stability is not None:
        s = result.stability
        spread = ", ".join(f"{k} {v}" for k, v in s.spread.items())
        lines += ["", f"Over {s.runs} scorings: overall {min(s.overall)}–{max(s.overall)}; spread {spread}"]
    if result.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in result.warnings]
    return "\n".join(lines)


def run_session(args: argparse.Namespace) -> int:
    if args.list:
        print(render_list())
        return 0
    if not args.persona and not args.scenario:
        args.persona = next(iter(personas()))
    coach = make_coach(args)
    session = coach.practice_start(args.persona, args.scenario, max_answers=args.answers, save=not args.no_save)
    final = converse(coach, session, sys.stdin, sys.stdout)
    if args.json:
        emit_json(final)
    return 0


def converse(coach: Coach, session: PracticeSession, stdin: TextIO, out: TextIO) -> PracticeSession:
    """Play `session` on a terminal (or pipes): one answer per line; an empty line or end of input ends it."""
    who = personas()[session.persona].persona
    role = who.role if who else session.persona
    role = role[:1].upper() + role[1:]
    print(f"[{session.engine}] {session.title}\n{session.situation}\n", file=out)
    print(f"{role}: {session.question}", file=out)
    while not session.done:
        print("> ", end="", file=out, flush=True)
        line = stdin.readline()
        if not line.strip():
            if session.answers:
                session = coach.practice_end(session)
            else:
                print("\nNo answer given; nothing to debrief.", file=out)
                return session
            break
        try:
            session = coach.practice_reply(session, line.strip())
        except InputError as exc:  # a bad answer is said and asked again; the session goes on
            print(f"coach: {exc}", file=sys.stderr)
            continue
        last = session.answers[-1].result
        if last is not None:
            low = ", ".join(f"{f.criterion} {f.score}" for f in last.feedback if f.score <= 2)
            print(f"  [{last.overall:.1f}/5{'; low: ' + low if low else ''}]", file=out)
        if not session.done:
            print(f"{role}: {session.question}", file=out)
    print(render_debrief(session), file=out)
    return session


def render_debrief(session: PracticeSession) -> str:
    d = session.debrief
    if d is None:
        return ""
    names = {c.id: c.name for c in rubric().criteria}
    lines = ["", f"Debrief — overall {d.overall:.1f}/5 (rubric v{d.rubric_version})"]
    lines += [f"  {names[c]:<24} {d.scores.get(c)}/5" for c in CRITERIA]
    lines += ["", "What went well:"] + [f"  + {w}" for w in d.went_well]
    lines += ["", "What to do differently:"] + [f"  - {w}" for w in d.do_differently]
    if d.had_to_ask:
        lines += ["", "They had to ask for: " + "; ".join(d.had_to_ask)]
    lines += ["", "A better answer to the first question:", f"  {d.better_answer}"]
    if session.id is not None:
        lines += ["", f"Saved as session {session.id}."]
    return "\n".join(lines)


def render_list() -> str:
    lines = ["Personas:"]
    for rid, reader in personas().items():
        lines.append(f"  {rid:<14} {reader.persona.role if reader.persona else reader.name}")
    lines += ["", "Scenarios:"]
    for sid, s in scenarios().items():
        lines.append(f"  {sid:<24} {s.persona:<14} {s.title}")
    return "\n".join(lines)
