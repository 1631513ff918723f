"""Persistence: the outcome log (entries kept during the week, drafted into the weekly update) and the
history of results, in SQLite by default or PostgreSQL by URL.

    with Store.open(settings.db_url) as store:
        store.add_entry("Cut checkout p95 latency from 900 ms to 400 ms", kind="progress")
        store.list_entries("2026-W48")
"""

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
from coach.store._practice import PracticeRow, PracticeTurnRow
from coach.store._schema import SCHEMA_VERSION
from coach.store._store import BUSY_TIMEOUT_MS, Store

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
