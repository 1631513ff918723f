"""Persistence: the outcome log (entries kept during the week, drafted into the weekly update) and the
history of results, in SQLite by default or PostgreSQL by URL.

    with Store.open(settings.db_url) as store:
        store.add_entry("Cut checkout p95 latency from 900 ms to 400 ms", kind="progress")
        store.list_entries("2026-W48")

The models load at once; the Store and what needs SQLAlchemy load on first use (a third of a second), so a
command or a page that only names an entry kind or a week never pays for the database library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coach.store._models import (
    ENTRY_KINDS,
    MAX_ENTRY_CHARS,
    EntryKind,
    HistoryItem,
    LogEntry,
    Profile,
    iso_week,
    parse_week,
)

if TYPE_CHECKING:
    from coach.store._practice import PracticeRow, PracticeTurnRow
    from coach.store._schema import SCHEMA_VERSION
    from coach.store._store import BUSY_TIMEOUT_MS, Store

_LAZY = {
    "PracticeRow": "coach.store._practice",
    "PracticeTurnRow": "coach.store._practice",
    "SCHEMA_VERSION": "coach.store._schema",
    "BUSY_TIMEOUT_MS": "coach.store._store",
    "Store": "coach.store._store",
}

__all__ = [
    "BUSY_TIMEOUT_MS",
    "ENTRY_KINDS",
    "MAX_ENTRY_CHARS",
    "SCHEMA_VERSION",
    "EntryKind",
    "HistoryItem",
    "LogEntry",
    "PracticeRow",
    "PracticeTurnRow",
    "Profile",
    "Store",
    "iso_week",
    "parse_week",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'coach.store' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
