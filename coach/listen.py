"""Can the UI listen where it was told to? Checked before gradio is imported (it takes seconds to load), with
one line that names the setting to change; the only way a busy port is reported, whichever way coach starts."""

from __future__ import annotations

import errno
import socket

from coach.errors import ConfigError


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
                raise ConfigError(in_use(host, port)) from None
            if exc.errno == errno.EACCES:
                raise ConfigError(
                    f"Not allowed to listen on port {port}: ports below 1024 need administrator rights; "
                    "choose another with COACH_PORT (or --port)."
                ) from None
            if exc.errno == errno.EADDRNOTAVAIL:
                raise ConfigError(
                    f"Cannot listen on {host}: it is not an address of this machine; fix COACH_HOST "
                    "(127.0.0.1 keeps the UI on this machine, 0.0.0.0 opens it to the network)."
                ) from None
            raise ConfigError(
                f"Cannot listen on {host}:{port}: {exc.strerror or exc} (COACH_HOST, COACH_PORT)."
            ) from None


def in_use(host: str, port: int) -> str:
    """The one line for a busy port: what is wrong and the setting that fixes it."""
    other = 7861 if port == 7860 else port + 1 if port < 65535 else 7860
    return (
        f"Port {port} on {host} is already in use (another coach?); stop that program, or choose another port "
        f"with COACH_PORT, e.g. COACH_PORT={other} make run (or coach serve --port {other})."
    )
