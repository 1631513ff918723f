"""The `coach` command: a thin shell over `Coach`. Errors are one line on stderr, never a traceback.

Exit codes: 0 ok, 2 bad input or configuration, 3 model or storage failure after retries, 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from coach.cli import eval_cmd, log_cmd, outcomes_cmd, serve_cmd, translate_cmd, weekly_cmd
from coach.cli.common import Handler
from coach.errors import CoachError

# Each command module adds its subcommand(s); a new feature adds one line here.
COMMANDS = (translate_cmd, outcomes_cmd, log_cmd, weekly_cmd, serve_cmd, eval_cmd)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; we keep errors to one line that says how to get help.
        self.exit(
            2,
            f"coach: {message} (see 'coach {self.prog.split(' ', 1)[-1]} --help')\n"
            if " " in self.prog
            else f"coach: {message} (see 'coach --help')\n",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="coach", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version="coach 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except CoachError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`coach ... | head`); nothing left to say, and nowhere to say it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("coach: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the promise is "never a traceback": say what broke, in one line
        print(f"coach: unexpected {type(exc).__name__}: {exc} — please report this.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
