"""Every feature call the UI makes goes into the history, failures included, so a result can be reopened and an
attempt that failed is never lost (its input is kept in the store as well as in its box).

Recording wraps the coach's feature methods once, when the app is built, so every tab (and the MCP tools) is
covered without each handler remembering to save; the wrapper never changes a result or an error.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from coach.ui.common import failure_message, remember

if TYPE_CHECKING:
    from coach.core import Coach

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


def record(coach: Coach) -> Coach:
    """Make `coach` save each feature call to its history (once; calling again changes nothing)."""
    if getattr(coach, "_history_recorded", False):
        return coach
    for method, feature in _METHODS.items():
        original = getattr(coach, method, None)
        if callable(original):
            setattr(coach, method, _recorded(coach, feature, original))
    coach._history_recorded = True  # type: ignore[attr-defined]
    return coach


def _recorded(coach: Coach, feature: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        text = input_text(feature, args, kwargs)
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:
            remember(coach, feature, text, None, error=failure_message(exc, feature))
            raise
        remember(coach, feature, text, result)
        return result

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
