"""The web UI: a Gradio shell over `Coach`, a tab per feature of the registry. Handlers only adapt values.

Names are loaded on first use, so `coach serve` can check its port (coach.ui._listen) before gradio loads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.ui.app import build_app, launch, main
    from coach.ui.translate_tab import UNEXPLAINED, highlighted

__all__ = ["UNEXPLAINED", "build_app", "highlighted", "launch", "main"]
_WHERE = {
    "build_app": "coach.ui.app",
    "launch": "coach.ui.app",
    "main": "coach.ui.app",
    "UNEXPLAINED": "coach.ui.translate_tab",
    "highlighted": "coach.ui.translate_tab",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'coach.ui' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
