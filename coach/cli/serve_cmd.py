"""`coach serve`: the web UI on http://127.0.0.1:PORT."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import settings_from


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the web UI on 127.0.0.1",
        description="Serve the web UI on http://127.0.0.1:PORT until interrupted.",
    )
    p.add_argument("--port", type=int, default=None, help="port to listen on (default: $COACH_PORT or 7860)")
    p.add_argument("--engine", choices=["auto", "offline", "llm"], help="override COACH_ENGINE")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.ui import main  # imported here: gradio takes seconds to load and only this command needs it

    main(settings_from(args), port=args.port)
    return 0
