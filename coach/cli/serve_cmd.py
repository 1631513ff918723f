"""`coach serve [--mcp]`: the web UI on http://COACH_HOST:PORT (127.0.0.1:7860 by default), and with --mcp the
same features as MCP tools for AI assistants."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import settings_from
from coach.errors import ConfigError
from coach.listen import check_can_listen, in_use

_GRADIO_NO_PORT = "Cannot find empty port"
"""Start of the OSError gradio raises when it cannot bind the port it was given."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the web UI on 127.0.0.1",
        description="Serve the web UI on http://127.0.0.1:PORT until interrupted.",
    )
    p.add_argument("--port", type=port_number, default=None, help="port to listen on (default: $COACH_PORT or 7860)")
    p.add_argument("--engine", choices=["auto", "offline", "llm"], help="override COACH_ENGINE")
    p.add_argument(
        "--mcp",
        action="store_true",
        help="also serve translate, check, outcomes and weekly as MCP tools for AI assistants (at /gradio_api/mcp/)",
    )
    p.set_defaults(handler=run)


def port_number(value: str) -> int:
    """argparse type for --port: a whole number from 1 to 65535."""
    if not value.strip().isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a whole number from 1 to 65535 (got {value!r})")
    return int(value)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    port = args.port if args.port is not None else settings.port
    # Checked before gradio is imported (seconds): a busy port is the usual reason `serve` cannot start.
    check_can_listen(settings.host, port)
    from coach.ui import main  # imported here: gradio takes seconds to load and only this command needs it

    try:
        if args.mcp:
            main(settings, port=port, mcp=True)
        else:
            main(settings, port=port)
    except OSError as exc:
        if str(exc).startswith(_GRADIO_NO_PORT):  # taken between our check and gradio's bind
            raise ConfigError(in_use(settings.host, port)) from None
        raise
    return 0
