"""The `coach` command: a thin shell over `Coach`. Errors are one line on stderr, never a traceback.

Exit codes: 0 ok, 2 bad input or configuration, 3 model or storage failure after retries, 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from coach.errors import CoachError
from coach.registry import FEATURES

if TYPE_CHECKING:  # coach.cli.common loads the library (pydantic, the settings): `coach --help` needs none of it
    from coach.cli.common import Handler

# Subcommand → (module with `register(subparsers)`, one line of help). Features come from the registry; the tools
# that are not features follow. A command's module is imported only when that command runs (or for its help).
COMMANDS: dict[str, tuple[str, str]] = {
    **{f.name: (f.cli, f.summary) for f in FEATURES if f.cli},
    "log": ("coach.cli.log_cmd", "keep this week's outcome log"),
    "serve": ("coach.cli.serve_cmd", "start the web UI"),
    "eval": ("coach.cli.eval_cmd", "run the eval suite"),
}


# What Python makes of bytes that are not valid UTF-8 in an argument (surrogateescape): only then is the
# argument re-decoded, so `coach --help` and a mistyped option never load the library.
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; we keep errors to one line that says how to get help.
        self.exit(
            2,
            f"coach: {message} (see 'coach {self.prog.split(' ', 1)[-1]} --help')\n"
            if " " in self.prog
            else f"coach: {message} (see 'coach --help')\n",
        )


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for `argv`: the command it names is registered in full, the others only by name and help."""
    parser = _Parser(prog="coach", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version="coach 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, (module, summary) in COMMANDS.items():
        if name == chosen:
            importlib.import_module(module).register(sub)
        else:
            sub.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if any(_SURROGATE.search(a) for a in arguments):
        from coach.cli.common import argument_text

        # Decoded like standard input: invalid UTF-8 becomes U+FFFD before anything uses it.
        arguments = [argument_text(a) for a in arguments]
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except CoachError as exc:
        from coach.cli.common import error_line

        print(f"coach: {error_line(str(exc))}", file=sys.stderr)
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
        from coach.cli.common import error_line

        print(f"coach: unexpected {type(exc).__name__}: {error_line(str(exc))} — please report this.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
