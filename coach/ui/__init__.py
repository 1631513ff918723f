"""The web UI: a Gradio shell over `Coach`, a tab per feature of the registry. Handlers only adapt values."""

from coach.ui.app import build_app, launch, main
from coach.ui.translate_tab import UNEXPLAINED, highlighted

__all__ = ["UNEXPLAINED", "build_app", "highlighted", "launch", "main"]
