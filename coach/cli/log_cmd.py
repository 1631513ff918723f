"""`coach log add|list|edit|delete`: the outcome log, kept during the week and drafted into `coach weekly`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from coach.cli.common import add_common, emit_json, make_coach, read_text
from coach.errors import InputError

if TYPE_CHECKING:
    from coach.store import LogEntry

KINDS = ("progress", "problem", "plan", "note")
"""The store's entry kinds, spelled out so `coach --help` does not load the database layer."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "log",
        help="keep a log of outcomes during the week",
        description="Keep a log of outcomes as work gets done; `coach weekly` drafts the update from it.",
    )
    p.set_defaults(handler=_no_action)
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    add = actions.add_parser("add", help="log an outcome", description="Log an outcome for this week.")
    add.add_argument("text", metavar="TEXT", help="what happened, or - to read standard input")
    add.add_argument(
        "--kind",
        choices=KINDS,
        default="note",
        help="file it under progress, problem or plan (default: note, the drafter decides)",
    )
    add_common(add)
    add.set_defaults(handler=run_add)

    ls = actions.add_parser("list", help="list a week's entries", description="List a week's log entries.")
    ls.add_argument("--week", metavar="YYYY-Www", help="e.g. 2026-W48 (default: this week)")
    add_common(ls)
    ls.set_defaults(handler=run_list)

    edit = actions.add_parser("edit", help="change an entry", description="Change an entry's text or kind.")
    edit.add_argument("id", metavar="ID", type=_entry_id, help="the entry's id (see `coach log list`)")
    edit.add_argument("text", metavar="TEXT", nargs="?", help="the new text, or - to read standard input")
    edit.add_argument("--kind", choices=KINDS, help="file it under another kind")
    add_common(edit)
    edit.set_defaults(handler=run_edit)

    delete = actions.add_parser("delete", help="delete an entry", description="Delete an entry for good.")
    delete.add_argument("id", metavar="ID", type=_entry_id, help="the entry's id (see `coach log list`)")
    add_common(delete)
    delete.set_defaults(handler=run_delete)


def _no_action(_args: argparse.Namespace) -> int:
    raise InputError("Say what to do: coach log add|list|edit|delete (see 'coach log --help').")


def _entry_id(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"an entry id is a positive whole number (got {value!r})")
    return int(value)


def run_add(args: argparse.Namespace) -> int:
    entry = make_coach(args).store.add_entry(read_text(args.text), kind=args.kind)
    _print_entry(args, entry, "Logged")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from coach.store import parse_week

    week = parse_week(args.week) if args.week else None
    entries = make_coach(args).store.list_entries(week)
    if args.json:
        emit_json({"week": week or _this_week(), "entries": [e.model_dump(mode="json") for e in entries]})
    elif not entries:
        print(f'No entries for {week or _this_week()}. Add one with: coach log add "what happened"')
    else:
        print(f"{entries[0].week}: {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}")
        for e in entries:
            print(f"  {e.id:>4}  [{e.kind}]  {e.text}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    text = read_text(args.text) if args.text is not None else None
    entry = make_coach(args).store.update_entry(args.id, text=text, kind=args.kind)
    _print_entry(args, entry, "Updated")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    make_coach(args).store.delete_entry(args.id)
    if args.json:
        emit_json({"deleted": args.id})
    else:
        print(f"Deleted entry {args.id}.")
    return 0


def _print_entry(args: argparse.Namespace, entry: LogEntry, verb: str) -> None:
    if args.json:
        emit_json(entry)
    else:
        print(f"{verb} entry {entry.id} [{entry.kind}] for {entry.week}: {entry.text}")


def _this_week() -> str:
    from datetime import datetime

    from coach.store import iso_week

    return iso_week(datetime.now().astimezone())
