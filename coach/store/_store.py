"""The Store: the outcome log and the history, in SQLite (default) or PostgreSQL."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, Row, create_engine, event, func, insert, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError

from coach.errors import InputError, StoreError
from coach.store._models import (
    EntryKind,
    HistoryItem,
    LogEntry,
    Profile,
    check_kind,
    clean_entry_text,
    iso_week,
    parse_week,
)
from coach.store._practice import PracticeRecords
from coach.store._schema import SCHEMA_VERSION, NewerSchemaError, history, migrate, outcome_log, profile
from coach.validate import fix_surrogates

BUSY_TIMEOUT_MS = 5_000
"""How long a SQLite writer waits for another process (the UI while the CLI writes) before giving up."""


class Store(PracticeRecords):
    """The outcome log and the history of results, in one database.

    Open with `Store.open(url)`; use as a context manager or call `close()`. Safe to use from several
    processes at once (the UI and the CLI): SQLite runs in WAL mode and writers wait for each other up to
    BUSY_TIMEOUT_MS. Every failure of the database itself is a StoreError; bad arguments are InputErrors.
    """

    def __init__(self, engine: Engine, where: str) -> None:
        """Use `Store.open`; this only wraps an engine whose schema is already current."""
        self._engine = engine
        self._where = where

    @classmethod
    def open(cls, url: str) -> Store:
        """Open the database at `url`, creating it (and a SQLite file's folder) or migrating it as needed.

        Accepts `sqlite:///path/to/coach.db` and `postgresql+psycopg://user:password@host/db` (a bare
        `postgresql://` means psycopg). Raises StoreError with a message fit for the user when the URL is
        bad, the file is not a database, the server cannot be reached, or the database was written by a
        newer coach.
        """
        parsed = _parse_url(url)
        where = _describe(parsed)
        try:
            engine = _create_engine(parsed)
        except (NoSuchModuleError, ImportError) as exc:
            raise StoreError(
                f"Cannot use {parsed.drivername!r} databases here ({exc}). For PostgreSQL install "
                "coach[postgres] and use a postgresql+psycopg:// URL."
            ) from None
        except (ArgumentError, OSError) as exc:
            raise StoreError(f"Could not open the database at {where}: {exc}. Check COACH_DB_URL.") from exc
        store = cls(engine, where)
        try:
            with store._write("open") as conn:
                migrate(conn)
        except NewerSchemaError as exc:
            engine.dispose()
            raise StoreError(
                f"The database at {where} was written by a newer coach (schema version {exc.found}; this "
                f"coach knows up to {SCHEMA_VERSION}). Upgrade coach (pip install -U coach), or point "
                "COACH_DB_URL at another database."
            ) from None
        except BaseException:
            engine.dispose()
            raise
        return store

    # --- outcome log -------------------------------------------------------------------------------------

    def add_entry(self, text: str, *, kind: EntryKind = "note", when: datetime | None = None) -> LogEntry:
        """Log `text` (stripped; 1 to 2,000 characters) and return the stored entry.

        `when` (timezone-aware; default now) backfills an entry; its week is the ISO week of `when`'s own
        calendar date (default: the local date). The same text may be logged twice in a week on purpose -
        the user may really have done the same thing twice - so duplicates are kept, not merged.
        """
        clean = clean_entry_text(text)
        kind = check_kind(kind)
        if when is None:
            when = datetime.now().astimezone()
        elif when.tzinfo is None or when.utcoffset() is None:
            raise InputError("`when` must be timezone-aware, e.g. datetime.now(UTC).")
        created_at, week = when.astimezone(UTC), iso_week(when)
        row = {"text": clean, "kind": kind, "created_at": created_at, "week": week}
        with self._write("save the entry to") as conn:
            entry_id = int(conn.execute(insert(outcome_log).values(row).returning(outcome_log.c.id)).scalar_one())
        return LogEntry(id=entry_id, text=clean, kind=kind, created_at=created_at, week=week)

    def get_entry(self, entry_id: int) -> LogEntry:
        """The entry with this id; InputError when there is none."""
        with self._read("read the outcome log from") as conn:
            row = conn.execute(select(outcome_log).where(outcome_log.c.id == entry_id)).one_or_none()
        if row is None:
            raise _no_such_entry(entry_id)
        return _entry(row)

    def list_entries(self, week: str | None = None) -> list[LogEntry]:
        """Entries of `week` ("2026-W48"; default: the current local week), oldest first."""
        wanted = parse_week(week) if week is not None else iso_week(datetime.now().astimezone())
        query = (
            select(outcome_log).where(outcome_log.c.week == wanted).order_by(outcome_log.c.created_at, outcome_log.c.id)
        )
        with self._read("read the outcome log from") as conn:
            return [_entry(row) for row in conn.execute(query)]

    def update_entry(self, entry_id: int, *, text: str | None = None, kind: EntryKind | None = None) -> LogEntry:
        """Change an entry's text and/or kind (its time and week stay) and return it as now stored.

        InputError when the id is unknown, the new text is invalid, or nothing is given to change.
        """
        changes: dict[str, str] = {}
        if text is not None:
            changes["text"] = clean_entry_text(text)
        if kind is not None:
            changes["kind"] = check_kind(kind)
        if not changes:
            raise InputError("Nothing to change: give new text or a new kind for the entry.")
        with self._write("update the entry in") as conn:
            result = conn.execute(update(outcome_log).where(outcome_log.c.id == entry_id).values(changes))
            if result.rowcount == 0:
                raise _no_such_entry(entry_id)
            row = conn.execute(select(outcome_log).where(outcome_log.c.id == entry_id)).one()
        return _entry(row)

    def delete_entry(self, entry_id: int) -> None:
        """Delete an entry for good; InputError when the id is unknown."""
        with self._write("delete the entry from") as conn:
            if conn.execute(outcome_log.delete().where(outcome_log.c.id == entry_id)).rowcount == 0:
                raise _no_such_entry(entry_id)

    def weeks(self) -> list[str]:
        """The weeks that have entries, newest first."""
        query = select(outcome_log.c.week).distinct().order_by(outcome_log.c.week.desc())
        with self._read("read the outcome log from") as conn:
            return list(conn.execute(query).scalars())

    # --- history -----------------------------------------------------------------------------------------

    def save_history(
        self, *, feature: str, engine: str, input_text: str, result_json: str = "{}", error: str | None = None
    ) -> int:
        """Save one result of a feature (or, with `error`, a failed attempt and its input); return its id."""
        values = {
            "created_at": datetime.now(UTC),
            "feature": feature,
            "engine": engine,
            "input_text": fix_surrogates(input_text),
            "result_json": result_json,
            "error": error,
        }
        with self._write("save the result to") as conn:
            return int(conn.execute(insert(history).values(values).returning(history.c.id)).scalar_one())

    def recent_history(self, limit: int = 20, *, feature: str | None = None) -> list[HistoryItem]:
        """The `limit` most recent results (of `feature`, if given), newest first; failed attempts included."""
        if limit < 1:
            raise InputError(f"limit must be at least 1 (got {limit}).")
        query = select(history).order_by(history.c.created_at.desc(), history.c.id.desc()).limit(limit)
        if feature is not None:
            query = query.where(history.c.feature == feature)
        with self._read("read the history from") as conn:
            return [HistoryItem.model_validate(row._asdict()) for row in conn.execute(query)]

    def get_history(self, item_id: int) -> HistoryItem:
        """One saved result by id; InputError when there is none."""
        with self._read("read the history from") as conn:
            row = conn.execute(select(history).where(history.c.id == item_id)).one_or_none()
        if row is None:
            raise InputError(f"No saved result has id {item_id} (it may have been cleared).")
        return HistoryItem.model_validate(row._asdict())

    # --- profile -----------------------------------------------------------------------------------------

    def get_profile(self) -> Profile:
        """The saved profile; an empty one when none was saved (or it was saved by a coach with other fields)."""
        with self._read("read the profile from") as conn:
            data = conn.execute(select(profile.c.data_json).where(profile.c.id == 1)).scalar_one_or_none()
        if data is None:
            return Profile()
        try:
            return Profile.model_validate_json(data)
        except ValidationError:
            return Profile()  # unreadable: start empty rather than block every feature

    def save_profile(self, value: Profile) -> Profile:
        """Replace the saved profile with `value` and return it."""
        row = {"data_json": value.model_dump_json(), "updated_at": datetime.now(UTC)}
        with self._write("save the profile to") as conn:
            if conn.execute(update(profile).where(profile.c.id == 1).values(row)).rowcount == 0:
                conn.execute(insert(profile).values(id=1, **row))
        return value

    # --- plumbing ----------------------------------------------------------------------------------------

    @property
    def where(self) -> str:
        """Where the data is kept, for people: a SQLite file's path, or the URL with the password hidden."""
        return self._where

    def count_entries(self) -> int:
        """How many entries the log holds in all weeks."""
        with self._read("read the outcome log from") as conn:
            return int(conn.execute(select(func.count()).select_from(outcome_log)).scalar_one())

    def close(self) -> None:
        """Close every connection. The store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        with _store_errors(action, self._where), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        with _store_errors(action, self._where), self._engine.connect() as conn:
            conn.execution_options(coach_write=True)
            with conn.begin():
                yield conn


def _entry(row: Row[Any]) -> LogEntry:
    return LogEntry.model_validate(row._asdict())


def _no_such_entry(entry_id: int) -> InputError:
    # No command named here: the web UI shows this message too, and its users pick entries from a table.
    return InputError(f"No log entry has id {entry_id} (it may have been deleted); list the week's entries again.")


def _parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        # Not echoed back: the URL may hold a password.
        raise StoreError(
            "The database URL (COACH_DB_URL) is not a URL. Use sqlite:///path/to/coach.db or "
            "postgresql+psycopg://user:password@host/dbname."
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            f"coach stores its data in SQLite or PostgreSQL, not {backend!r}. Use sqlite:///path/to/coach.db "
            "or postgresql+psycopg://user:password@host/dbname in COACH_DB_URL."
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _is_sqlite_file(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


def _describe(url: URL) -> str:
    if _is_sqlite_file(url):
        return str(url.database)
    return url.render_as_string(hide_password=True)


def _create_engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if _is_sqlite_file(url) and not url.query.get("uri"):
        Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Take transaction control from the sqlite3 module (it would BEGIN lazily, and DEFERRED) so that
    # _sqlite_on_begin decides how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL: readers never block the writer and a killed writer leaves the file consistent. Switching to it needs
        # the file to itself and SQLite does not wait for that (no busy handler), so it is done only when the file
        # is not in WAL yet, and retried while another process holds the lock (two writers opening a new file).
        if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            _set_wal(cursor)
        # FULL: a committed entry survives even a power cut, not only a killed process; one fsync per entry.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _set_wal(cursor: Any) -> None:
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_on_begin(conn: Connection) -> None:
    # A write transaction takes the write lock up front (waiting up to busy_timeout). A DEFERRED one that
    # reads first and writes later could fail at once with "database is locked" when another process wrote
    # in between - the way entries get lost when the UI and the CLI write together.
    write = conn.get_execution_options().get("coach_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")


@contextmanager
def _store_errors(action: str, where: str) -> Iterator[None]:
    """Turn database failures into StoreErrors that say what failed and what to do, without a traceback."""
    try:
        yield
    except SQLAlchemyError as exc:
        reason = _reason(exc)
        if isinstance(exc, OperationalError) and "locked" in reason:
            raise StoreError(
                f"Could not {action} the database at {where}: another process is writing to it (coach "
                f"waited {BUSY_TIMEOUT_MS / 1000:g} s). Nothing was changed; try again."
            ) from exc
        if "file is not a database" in reason:
            raise StoreError(
                f"{where} is not a coach database (it is not a SQLite file). Point COACH_DB_URL at another "
                "file, or move this one away and coach will start a new log."
            ) from exc
        raise StoreError(f"Could not {action} the database at {where}: {reason}. Check COACH_DB_URL.") from exc


def _reason(exc: SQLAlchemyError) -> str:
    detail = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(detail).strip().splitlines()
    return (lines[0] if lines else type(detail).__name__).rstrip(".")
