"""The web UI: a Gradio shell over `Coach`. Handlers only turn library results into component values."""

from __future__ import annotations

import importlib
import importlib.util
import ipaddress
import logging
import os
import sys
import threading
from typing import NoReturn

# Set before gradio is imported: it reads the flag at import time, and the UI must not phone home.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from coach.core import Coach
from coach.errors import CoachError, ConfigError, DataError
from coach.listen import check_can_listen, in_use
from coach.registry import FEATURES
from coach.settings import Settings
from coach.ui import glossary_tab, history_tab, mcp_tools, offload, profile_tab
from coach.ui.common import HEAD, OFFLINE_HINT, data_location, engine_badge, header_badge
from coach.ui.history import Reopener, record
from coach.ui.translate_view import CSS as TRANSLATE_CSS

log = logging.getLogger(__name__)

CSS = """
.badge p { display: inline-block; padding: 4px 12px; border-radius: 999px; font-weight: 600;
           background: var(--color-accent-soft); color: var(--color-accent); margin: 0; }
.status p { font-size: 1.05em; }
.where p { font-size: 0.85em; opacity: 0.8; margin: 0; }
"""
EVENT_CONCURRENCY = 8
"""Requests of one event (Translate, Draft …) served at once; more wait in the queue. With the offline engine the
work is CPU-bound and shares one interpreter, so more slots only add switching; with a model most of a request
is waiting, and 8 keeps a slow answer from holding the others up."""
QUEUE_SIZE = 512
"""Requests waiting at most; beyond that a user is told the queue is full instead of the server growing."""
# System fonts: the default theme fonts come from Google Fonts, and the UI must work with no internet.
THEME = gr.themes.Soft(
    primary_hue="indigo",
    neutral_hue="slate",
    font=["ui-sans-serif", "system-ui", "sans-serif"],
    font_mono=["ui-monospace", "monospace"],
)


def build_app(coach: Coach, *, mcp: bool = False) -> gr.Blocks:
    """The Gradio app for `coach`: a tab per feature of the registry, then Glossary, Profile and History; launch
    it with `launch()`. `mcp`: add the MCP tools' endpoints (serve them with `launch(..., mcp=True)`)."""
    # Long inputs go to a process of their own (offline engine): one paste cannot take the interpreter that
    # serves everyone. Installed before the history recorder, which wraps it, so the history is written here.
    offload.install(coach)
    record(coach)  # every feature call from any tab (or tool) goes into the history, failures included
    demo = gr.Blocks(title="coach — say it so they act")
    with demo:
        gr.Markdown("# coach\nPaste technical text; get it rewritten for the people who decide.")
        local = coach.local_model.where if coach.local_model else None
        badge = engine_badge(coach.engine, coach.model_name, local=local)
        gr.Markdown(badge, elem_classes="badge", elem_id="engine-badge")
        if coach.engine == "offline":
            gr.Markdown(OFFLINE_HINT, elem_classes="where", elem_id="engine-hint")
        gr.Markdown(
            f"Your log, history and profile are kept in `{data_location(coach.settings)}` (COACH_DB_URL).",
            elem_classes="where",
            elem_id="data-location",
        )
        reopeners: dict[str, Reopener] = {}
        with gr.Tabs() as tabs:
            for feature in FEATURES:
                if feature.ui is not None:
                    with gr.Tab(feature.title, id=feature.name, elem_id=f"tab-{feature.name}"):
                        made = importlib.import_module(feature.ui).add_tab(coach)
                    if isinstance(made, Reopener):  # the tab reopens its history entries itself
                        reopeners[feature.name] = made
            with gr.Tab("Glossary", id="glossary", elem_id="tab-glossary"):
                glossary_tab.add_tab(coach)
            with gr.Tab("Profile", id="profile", elem_id="tab-profile") as profile_page:
                fields = profile_tab.add_tab(coach)
            # Filled again when the tab is opened: a page-load value sent before the tab is first drawn can be lost.
            # Only empty fields are filled, so a late answer never wipes what the user has started typing.
            profile_page.select(
                lambda *shown: profile_tab.fill(coach, *shown), fields, fields, api_visibility="private"
            )
            with gr.Tab("History", id="history", elem_id="tab-history") as history:
                history_tab.add_tab(coach, tabs, history, reopeners)
        if mcp:
            mcp_tools.add_tools(coach)  # the tools' own endpoints: typed, documented, no UI
    # Each event runs at most EVENT_CONCURRENCY requests at once, in worker threads (every handler is a plain
    # function, so gradio runs it off the event loop): one slow request - a 20,000-character paste, a slow
    # model - holds one slot, not the queue, and no one event can take every worker thread (launch's 40).
    demo.queue(default_concurrency_limit=EVENT_CONCURRENCY, max_size=QUEUE_SIZE)
    if mcp:
        mcp_tools.hide_ui_endpoints(demo)  # an assistant sees the four tools, not every button of the page
    return demo


def exposure_warning(host: str, auth: tuple[str, str] | None) -> str | None:
    """The console line for a UI anyone on the network can use: bound to an address other than this machine's
    loopback, with no COACH_AUTH login. None when it is safe (loopback, or a login is asked for)."""
    if auth is not None or _is_loopback(host):
        return None
    return (
        f"coach: WARNING: serving on {host} without a login: anyone who can reach this machine can use the UI, "
        "its model key and your log. Set COACH_AUTH=user:password, or COACH_HOST=127.0.0.1 to keep it local."
    )


def _is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # a host name: it may resolve to anything, so it is treated as exposed
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return (mapped or address).is_loopback


def launch(
    demo: gr.Blocks,
    *,
    port: int | None,
    prevent_thread_lock: bool = False,
    host: str = "127.0.0.1",
    auth: tuple[str, str] | None = None,
    mcp: bool = False,
) -> str:
    """Serve `demo` on `host` (port None: the first free one from 7860 up) and return its URL."""
    warning = exposure_warning(host, auth)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        prevent_thread_lock=prevent_thread_lock,
        theme=THEME,
        css=CSS + TRANSLATE_CSS,
        head=HEAD,
        footer_links=["api"],
        mcp_server=mcp,
        # Gradio's own console lines suggest share=True and GRADIO_SERVER_PORT, neither of which applies here;
        # `main` prints coach's.
        quiet=True,
    )
    return str(url)


def main(settings: Settings | None = None, *, port: int | None = None, mcp: bool = False) -> None:
    """Serve the UI on http://COACH_HOST:PORT (127.0.0.1:7860 by default) with the engine the settings choose.

    A misconfigured engine or a busy port is one line on stderr and exit status 2, before anything is served.
    """
    try:
        settings = settings or Settings.load()
        port = port or settings.port
        check_can_listen(settings.host, port)
        if mcp and importlib.util.find_spec("mcp") is None:
            raise ConfigError("--mcp needs the MCP package: .venv/bin/pip install 'coach[mcp]' (or 'mcp>=1.21,<2').")
        coach = Coach.from_settings(settings)
        check_team_glossary(settings)  # a bad team glossary stops the start, not the first click
    except CoachError as exc:  # includes a malformed environment variable (COACH_TEMPERATURE=abc, COACH_PORT=x)
        _exit_config(f"cannot start the UI: {exc}")
    demo = build_app(coach, mcp=mcp)
    try:
        url = launch(demo, port=port, host=settings.host, auth=settings.auth_pair(), mcp=mcp, prevent_thread_lock=True)
    except OSError as exc:  # the port was taken between the check and the bind
        if "port" not in str(exc).lower():
            raise
        _exit_config(in_use(settings.host, port))
    # The glossary (about a second) and the database load while the browser opens the page, not before it can.
    threading.Thread(target=_warm_up, args=(coach,), name="coach-warm-up", daemon=True).start()
    print(startup_lines(coach, url, mcp=mcp), flush=True)
    demo.block_thread()


def check_team_glossary(settings: Settings) -> None:
    """DataError when the team glossary is set but missing, or cannot be read (milliseconds: the built-in
    glossary, shipped and tested, is not read here)."""
    from coach.analysis.glossary import Glossary
    from coach.data import read_yaml

    team = settings.team_glossary()
    if settings.glossary_path is not None and not team.is_file():
        raise DataError(f"Team glossary {team} does not exist; fix COACH_GLOSSARY.")
    if team.is_file():
        read_yaml(team, Glossary)


def _warm_up(coach: Coach) -> None:
    try:
        coach.index  # noqa: B018 - built now so the first request does not wait for it
    except CoachError as exc:  # the first request reports it to the user, as a warning
        log.warning("coach: %s", exc)


def startup_lines(coach: Coach, url: str, *, mcp: bool = False) -> str:
    """What the console says once the UI is up: where it is, which engine, where the data is, how to change it."""
    lines = [
        f"coach is running at {url}  (Ctrl+C stops it)",
        f"  engine:   {header_badge(coach)}",
        f"  data:     {data_location(coach.settings)}  (COACH_DB_URL)",
        f"  glossary: {coach.settings.team_glossary()}  (COACH_GLOSSARY, edited in the Glossary tab)",
        "  address:  COACH_HOST and COACH_PORT choose where it listens; COACH_AUTH=user:password asks for a login",
    ]
    if mcp:
        lines.append(f"  MCP:      {url.rstrip('/')}/gradio_api/mcp/  (translate, check, outcomes, weekly)")
    return "\n".join(lines)


def _exit_config(message: str) -> NoReturn:
    print(f"coach: {message}", file=sys.stderr)
    sys.exit(2)
