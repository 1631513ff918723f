"""Every feature call the UI makes goes into the history, failures included, so a result can be reopened and an
attempt that failed is never lost (its input is kept in the store as well as in its box).

Recording wraps the coach's feature methods once, when the app is built, so every tab (and the MCP tools) is
covered without each handler remembering to save; the wrapper never changes a result or an error. A streamed
translation is saved when its result (or its error) arrives; a practice answer is saved with its session, so the
session can be reopened. Work the page does on its own (a weekly draft redone after a log change) runs inside
`unrecorded()`: the history holds what the user asked for.
"""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from coach.ui.common import failure_message, remember

if TYPE_CHECKING:
    from coach.core import Coach
    from coach.features.practice import PracticeSession
    from coach.store import HistoryItem

_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("coach_history_quiet", default=False)


@contextmanager
def unrecorded() -> Iterator[None]:
    """Feature calls inside the block are not saved: work the page started on its own, not the user."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def _remember(coach: Coach, feature: str, text: str, result: Any, error: str | None = None) -> None:
    if not _QUIET.get():
        remember(coach, feature, text, result, error=error)


@dataclass(frozen=True)
class Reopener:
    """How a tab reopens a saved entry when its text boxes are not enough (a practice session): the components
    it fills, and their values for a history item (raise `CoachError` when it cannot be reopened)."""

    outputs: list[Any]
    values: Callable[[HistoryItem], list[Any]]


SEPARATORS = {"tradeoffs": "\n\n--- workstreams ---\n", "check": "\n\n--- your draft ---\n"}
"""How a two-part input is kept in one text (and split again to reopen it)."""


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def input_text(feature: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The user's input of one call, as one text (two-part inputs joined by SEPARATORS)."""
    first = _text(args[0] if args else kwargs.get("text", kwargs.get("notes", kwargs.get("request", ""))))
    if feature == "tradeoffs":
        return first + SEPARATORS["tradeoffs"] + _text(args[1] if len(args) > 1 else kwargs.get("workstreams"))
    if feature == "check":
        return first + SEPARATORS["check"] + _text(args[1] if len(args) > 1 else kwargs.get("draft"))
    if feature == "weekly" and kwargs.get("notes") is None:
        return f"(outcome log of {kwargs.get('week') or 'this week'})"
    return first


# Coach method → the feature it records as.
_METHODS = {
    "translate": "translate",
    "translate_many": "translate",
    "outcomes": "outcomes",
    "weekly": "weekly",
    "tradeoffs": "tradeoffs",
    "uncertainty": "uncertainty",
    "check": "check",
}
_STREAMS = {"translate_stream": "translate"}
"""Coach generators → the feature they record as: saved when the result arrives."""


def record(coach: Coach) -> Coach:
    """Make `coach` save each feature call to its history (once; calling again changes nothing)."""
    if getattr(coach, "_history_recorded", False):
        return coach
    for method, feature in _METHODS.items():
        original = getattr(coach, method, None)
        if callable(original):
            setattr(coach, method, _recorded(coach, feature, original))
    for method, feature in _STREAMS.items():
        original = getattr(coach, method, None)
        if callable(original):
            setattr(coach, method, _recorded_stream(coach, feature, original))
    coach.practice_reply = _recorded_practice(coach, coach.practice_reply)  # type: ignore[method-assign,assignment]
    coach._history_recorded = True  # type: ignore[attr-defined]
    return coach


def _recorded(coach: Coach, feature: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        text = input_text(feature, args, kwargs)
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:
            _remember(coach, feature, text, None, error=failure_message(exc, feature))
            raise
        _remember(coach, feature, text, result)
        return result

    return wrapper


def _recorded_stream(coach: Coach, feature: str, fn: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        text = input_text(feature, args, kwargs)
        quiet = _QUIET.get()  # as when the stream was asked for, not when it is read
        try:
            for step in fn(*args, **kwargs):
                if isinstance(step, BaseModel) and not quiet:
                    remember(coach, feature, text, step)  # before handing it on: a reader may stop right after
                yield step
        except Exception as exc:
            if not quiet:
                remember(coach, feature, text, None, error=failure_message(exc, feature))
            raise

    return wrapper


def _recorded_practice(
    coach: Coach, fn: Callable[[PracticeSession, str], PracticeSession]
) -> Callable[[PracticeSession, str], PracticeSession]:
    """A practice answer saved with its session (the session before it, when it failed), to reopen it."""

    @functools.wraps(fn)
    def wrapper(current: PracticeSession, answer: str) -> PracticeSession:
        try:
            after = fn(current, answer)
        except Exception as exc:
            _remember(coach, "practice", answer, current, error=failure_message(exc, "practice"))
            raise
        _remember(coach, "practice", answer, after)
        return after

    return wrapper


def split_input(feature: str, text: str) -> list[str]:
    """A saved input back into its parts (one part for one-box features)."""
    separator = SEPARATORS.get(feature)
    if separator and separator in text:
        return text.split(separator, 1)
    return [text]


def result_text(feature: str, result_json: str) -> str:
    """The readable part of a saved result (what the user would copy), or its JSON when there is none."""
    try:
        data = json.loads(result_json or "{}")
    except ValueError:
        return result_json
    items = data if isinstance(data, list) else [data]
    parts = []
    for item in items:
        if not isinstance(item, dict) or not item:
            continue
        if feature == "outcomes" and isinstance(item.get("items"), list):
            parts.append("\n".join(f"- {i.get('outcome', '')}" for i in item["items"] if isinstance(i, dict)))
            continue
        if feature == "practice" and isinstance(item.get("turns"), list):
            parts.append(practice_text(item))
            continue
        if feature == "check" and isinstance(item.get("suggestions"), list):
            parts.append(
                "\n".join(f"- {s.get('text', s)}" if isinstance(s, dict) else f"- {s}" for s in item["suggestions"])
            )
            continue
        for key in ("rewrite", "text", "markdown"):
            if isinstance(item.get(key), str) and item[key].strip():
                head = f"[{item['audience']}]\n" if key == "rewrite" and len(items) > 1 else ""
                parts.append(head + item[key])
                break
        else:
            parts.append(json.dumps(item, ensure_ascii=False, indent=2))
    return "\n\n".join(parts)


def practice_text(session: dict[str, Any]) -> str:
    """A saved practice session in a line or two: the score so far (or the debrief's) and what was asked next."""
    title = str(session.get("title") or session.get("scenario") or "Practice")
    debrief = session.get("debrief")
    if isinstance(debrief, dict) and "overall" in debrief:
        return f"{title}: debrief, overall {debrief['overall']}/5"
    turns = [t for t in session["turns"] if isinstance(t, dict)]
    scored = [t["result"] for t in turns if t.get("role") == "user" and isinstance(t.get("result"), dict)]
    head = f"{title}: last answer {scored[-1].get('overall')}/5" if scored else title
    asked = next((t for t in reversed(turns) if t.get("role") == "persona"), None)
    return f"{head}\nThey ask: {asked.get('text', '')}" if asked else head
