"""Write one benchmark's section of a figures document (docs/performance.md, docs/reliability.md), leaving the
other sections as they are: several benchmarks share one document, each owns its `## Title` section."""

from __future__ import annotations

import re
from pathlib import Path

PERFORMANCE_HEADER = (
    "# Performance\n\nFigures measured on the project's 2-core machine; each section names the command that gives it.\n"
)
RELIABILITY_HEADER = (
    "# Reliability\n\n"
    "How coach behaves when the model endpoint fails, measured against the fault-injecting loopback server of "
    "tests/llm_server.py; each section names the command that gives it.\n"
)
HEADER = PERFORMANCE_HEADER
HEADERS = {"performance.md": PERFORMANCE_HEADER, "reliability.md": RELIABILITY_HEADER}
"""Each figures document's header, by file name: the default when a benchmark names none."""


def write_section(path: Path, title: str, body: str, *, header: str | None = None) -> None:
    """Replace the `## {title}` section of `path` with `body` (append it if absent). A file that does not exist
    yet starts with `header` (default: the document's own, from HEADERS)."""
    if header is None:
        header = HEADERS.get(path.name, f"# {path.stem.replace('_', ' ').capitalize()}\n")
    text = path.read_text(encoding="utf-8") if path.exists() else header
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
