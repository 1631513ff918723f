"""Write one benchmark's section of docs/performance.md, leaving the other sections as they are."""

from __future__ import annotations

import re
from pathlib import Path

HEADER = (
    "# Performance\n\nFigures measured on the project's 2-core machine; each section names the command that gives it.\n"
)


def write_section(path: Path, title: str, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
