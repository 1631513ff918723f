"""`coach serve`: the web UI on http://COACH_HOST:PORT (127.0.0.1:7860 by default)."""

from __future__ import annotations

import argparse
import errno
import socket
from typing import Any

from coach.cli.common import settings_from
from coach.errors import ConfigError

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
        main(settings, port=port)
    except OSError as exc:
        if str(exc).startswith(_GRADIO_NO_PORT):  # taken between our check and gradio's bind
            raise ConfigError(_in_use(settings.host, port)) from None
        raise
    return 0


def check_can_listen(host: str, port: int) -> None:
    """Bind `host:port` for a moment, as the server will; ConfigError (exit 2) with the fix when it cannot."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError:
        raise ConfigError(f"Cannot listen on {host!r}: not a host name or address (COACH_HOST).") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # Same option as the server (uvicorn): a port left in TIME_WAIT by a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(_in_use(host, port)) from None
            if exc.errno == errno.EACCES:
                raise ConfigError(
                    f"Not allowed to listen on port {port}: ports below 1024 need administrator rights; "
                    "choose another with --port or COACH_PORT."
                ) from None
            if exc.errno == errno.EADDRNOTAVAIL:
                raise ConfigError(
                    f"Cannot listen on {host}: it is not an address of this machine; fix COACH_HOST "
                    "(127.0.0.1 keeps the UI on this machine, 0.0.0.0 opens it to the network)."
                ) from None
            raise ConfigError(
                f"Cannot listen on {host}:{port}: {exc.strerror or exc} (COACH_HOST, COACH_PORT)."
            ) from None


def _in_use(host: str, port: int) -> str:
    return (
        f"Port {port} on {host} is already in use (another `coach serve`?); stop that program, or choose "
        "another port with --port or COACH_PORT."
    )
