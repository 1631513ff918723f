"""What every command shares: reading TEXT or '-', the --json/--engine options, building the Coach, printing."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from coach.core import Coach
from coach.errors import InputError
from coach.settings import Settings

Handler = Callable[[argparse.Namespace], int]


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--engine", choices=["auto", "offline", "llm"], help="override COACH_ENGINE")


def read_text(value: str) -> str:
    """TEXT as given, or standard input for '-'."""
    if value != "-":
        return value
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("Nothing on standard input to read ('-').")
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")


def read_file(value: str) -> str:
    """A file's text, or standard input for '-'."""
    if value == "-":
        return read_text("-")
    path = Path(value)
    if not path.is_file():
        raise InputError(f"No such file: {value}")
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"Cannot read {value}: {exc.strerror or exc}") from exc


def settings_from(args: argparse.Namespace) -> Settings:
    engine = getattr(args, "engine", None)
    return Settings.load(**({"COACH_ENGINE": engine} if engine else {}))


def make_coach(args: argparse.Namespace) -> Coach:
    return Coach.from_settings(settings_from(args))


def emit_json(value: BaseModel | list[BaseModel] | dict[str, Any]) -> None:
    if isinstance(value, BaseModel):
        data: Any = value.model_dump(mode="json", by_alias=True)
    elif isinstance(value, list):
        data = [v.model_dump(mode="json", by_alias=True) for v in value]
    else:
        data = value
    print(json.dumps(data, ensure_ascii=False, indent=2))
