"""What every command shares: reading TEXT or '-', the --json/--engine options, building the Coach, printing."""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel

from coach.core import Coach
from coach.errors import CoachError, InputError
from coach.redact import mask_secrets
from coach.settings import MAX_INPUT_CHARS_CAP, Settings
from coach.validate import BINARY_MESSAGE, fix_surrogates, looks_binary

Handler = Callable[[argparse.Namespace], int]


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--engine", choices=["auto", "offline", "llm"], help="override COACH_ENGINE")


READ_LIMIT = MAX_INPUT_CHARS_CAP
"""What `read_text`/`read_file` read at most by default: more than any command accepts (COACH_MAX_INPUT_CHARS
can be raised this far; a task list's limit is far below), so the exact "N characters; the limit is …" comes
from the feature, while a 200 MB pipe or /dev/zero is refused after about a megabyte."""
_CHUNK = 64 * 1024


def read_text(value: str, *, limit: int = READ_LIMIT, limit_name: str | None = None) -> str:
    """TEXT as given, or standard input for '-' (at most `limit` characters; more is an InputError that says the
    limit, and names `limit_name`, the setting that raises it, if there is one)."""
    if value != "-":
        return value  # an argument: the OS bounds its size, and clean_text reports it exactly
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("Nothing on standard input to read ('-').")
    buffer = getattr(sys.stdin, "buffer", None)
    chunks = _decoded(buffer) if buffer is not None else iter(lambda: sys.stdin.read(_CHUNK), "")
    return _take(chunks, limit=limit, limit_name=limit_name, source="standard input")


def read_file(value: str, *, limit: int = READ_LIMIT, limit_name: str | None = None) -> str:
    """A file's text, or standard input for '-'; read like `read_text` (bounded, invalid UTF-8 replaced).

    Anything that can be opened and read is accepted, not only regular files: `<(cmd)`, /dev/stdin, a FIFO.
    """
    if value == "-":
        return read_text("-", limit=limit, limit_name=limit_name)
    path = Path(value)
    if not path.exists():
        raise InputError(f"No such file: {value}")
    if path.is_dir():
        raise InputError(f"{value} is a folder; give a text file (or - for standard input).")
    try:
        with path.open("rb") as stream:
            return _take(_decoded(stream), limit=limit, limit_name=limit_name, source=value)
    except OSError as exc:
        raise InputError(f"Cannot read {value}: {exc.strerror or exc}") from exc


def _decoded(stream: BinaryIO) -> Iterator[str]:
    """The stream's text, chunk by chunk: UTF-8 (a leading BOM dropped), invalid bytes as U+FFFD, like stdin."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    while chunk := stream.read(_CHUNK):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _take(chunks: Iterator[str], *, limit: int, limit_name: str | None, source: str) -> str:
    """Join `chunks` until more than `limit` characters have come (then InputError): memory stays bounded
    whatever the size of the input, and an endless one (/dev/zero, `yes`) ends."""
    parts: list[str] = []
    counted = 0
    for chunk in chunks:
        if counted == 0 and looks_binary(chunk):  # /dev/zero, an image: say so at once, not after the limit
            raise InputError(BINARY_MESSAGE)
        parts.append(chunk)
        # '\r' of CRLF line endings is dropped by clean_text, so it does not count towards the limit here.
        counted += len(chunk) - chunk.count("\r")
        if counted > limit:
            setting = f" ({limit_name})" if limit_name else ""
            raise InputError(
                f"The input on {source} is over the limit of {limit:,} characters{setting}; split it"
                + (", or raise the limit." if limit_name else ".")
            )
    return "".join(parts)


def settings_from(args: argparse.Namespace) -> Settings:
    engine = getattr(args, "engine", None)
    return Settings.load(**({"COACH_ENGINE": engine} if engine else {}))


def make_coach(args: argparse.Namespace) -> Coach:
    coach = Coach.from_settings(settings_from(args))
    if coach.local_model is not None:  # found, not configured: say so (on stderr, so --json output stays clean)
        found = coach.local_model
        print(
            f"coach: using the local Ollama model {found.name} at {found.where} (COACH_ENGINE=offline skips it)",
            file=sys.stderr,
        )
    return coach


def emit_json(value: BaseModel | list[BaseModel] | dict[str, Any]) -> None:
    if isinstance(value, BaseModel):
        data: Any = value.model_dump(mode="json", by_alias=True)
    elif isinstance(value, list):
        data = [v.model_dump(mode="json", by_alias=True) for v in value]
    else:
        data = value
    print(json.dumps(data, ensure_ascii=False, indent=2))


def argument_text(arg: str) -> str:
    """A command-line argument as text, decoded the way standard input is: bytes that are not valid UTF-8
    become U+FFFD instead of lone surrogates (Python's surrogateescape), which nothing downstream can encode."""
    if not _has_surrogate(arg):
        return arg
    try:
        raw = os.fsencode(arg)  # the bytes the shell passed (surrogateescape undone)
    except UnicodeEncodeError:  # a surrogate surrogateescape never produces: a caller built this string
        return fix_surrogates(arg)
    return raw.decode(sys.getfilesystemencoding(), errors="replace")


def error_line(message: str) -> str:
    """`message` fit for stderr: one line, with the configured API key and any URL's credentials masked."""
    try:
        settings: Settings | None = Settings.load()
    except CoachError:  # the error being reported may be about the settings themselves
        settings = None
    return " ".join(mask_secrets(message, settings).splitlines())


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)
