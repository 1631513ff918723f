"""The web UI: a Gradio shell over `Coach`. Handlers only turn library results into component values."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import NoReturn

# Set before gradio is imported: it reads the flag at import time, and the UI must not phone home.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from coach.core import Coach
from coach.errors import CoachError
from coach.registry import FEATURES
from coach.settings import Settings
from coach.ui.common import engine_badge

log = logging.getLogger(__name__)

CSS = """
.badge p { display: inline-block; padding: 4px 12px; border-radius: 999px; font-weight: 600;
           background: var(--color-accent-soft); color: var(--color-accent); margin: 0; }
.status p { font-size: 1.05em; }
"""
# System fonts: the default theme fonts come from Google Fonts, and the UI must work with no internet.
THEME = gr.themes.Soft(
    primary_hue="indigo",
    neutral_hue="slate",
    font=["ui-sans-serif", "system-ui", "sans-serif"],
    font_mono=["ui-monospace", "monospace"],
)


def build_app(coach: Coach) -> gr.Blocks:
    """The Gradio app for `coach`, a tab per feature of the registry; launch it with `launch()`."""
    demo = gr.Blocks(title="coach — say it so they act")
    with demo:
        gr.Markdown("# coach\nPaste technical text; get it rewritten for the people who decide.")
        gr.Markdown(engine_badge(coach.engine, coach.model_name), elem_classes="badge", elem_id="engine-badge")
        with gr.Tabs():
            for feature in FEATURES:
                if feature.ui is not None:
                    with gr.Tab(feature.title):
                        importlib.import_module(feature.ui).add_tab(coach)
    return demo


def launch(
    demo: gr.Blocks,
    *,
    port: int | None,
    prevent_thread_lock: bool = False,
    host: str = "127.0.0.1",
    auth: tuple[str, str] | None = None,
) -> str:
    """Serve `demo` on `host` (port None: the first free one from 7860 up) and return its URL."""
    if host not in {"127.0.0.1", "localhost", "::1"} and auth is None:
        log.warning("coach: serving on %s without COACH_AUTH: anyone who can reach this address can use it", host)
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        prevent_thread_lock=prevent_thread_lock,
        theme=THEME,
        css=CSS,
        footer_links=["api"],
    )
    return str(url)


def main(settings: Settings | None = None, *, port: int | None = None) -> None:
    """Serve the UI on http://127.0.0.1:PORT ($COACH_PORT, default 7860) with the engine the settings choose.

    A misconfigured engine is one line on stderr and exit status 2, before anything is served.
    """
    try:
        settings = settings or Settings.load()
        coach = Coach.from_settings(settings)
        coach.index  # noqa: B018 - load the glossary now: a bad team glossary stops the start, not the first click
    except CoachError as exc:  # includes a malformed environment variable (COACH_TEMPERATURE=abc, COACH_PORT=x)
        _exit_config(f"cannot start the UI: {exc}")
    launch(build_app(coach), port=port or settings.port, host=settings.host, auth=settings.auth_pair())


def _exit_config(message: str) -> NoReturn:
    print(f"coach: {message}", file=sys.stderr)
    sys.exit(2)
