"""Tables as the code queries them today, and the numbered migrations that build them.

A database records the number of migrations applied to it in `schema_version`. Opening runs the missing
steps in order, in one transaction, so a database is always at exactly one version. To change the schema,
append a step to MIGRATIONS (never edit an old one: databases in the field were built by it) and update the
tables below to match the result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    inspect,
    select,
    text,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes in and out, stored as UTC on every backend.

    SQLite has no timezone type and hands back naive values; they are UTC because only UTC goes in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

outcome_log = Table(
    "outcome_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("week", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
)

history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("feature", String(64), nullable=False),
    Column("engine", String(64), nullable=False),
    Column("input_text", Text, nullable=False),
    Column("result_json", Text, nullable=False),
    Column("error", Text, nullable=True),
)

profile = Table(
    "profile",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("data_json", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


def _v1_create_tables(conn: Connection) -> None:
    # The v1 tables, frozen here: later versions change them only through later steps.
    md = MetaData()
    Table(
        "outcome_log",
        md,
        Column("id", Integer, primary_key=True),
        Column("text", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("week", String(8), nullable=False),
        Index("ix_outcome_log_week_created_at", "week", "created_at"),
        # Never reuse the id of a deleted entry: a script holding an old id must not hit a new entry.
        sqlite_autoincrement=True,
    )
    Table(
        "history",
        md,
        Column("id", Integer, primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("feature", String(64), nullable=False),
        Column("engine", String(64), nullable=False),
        Column("input_text", Text, nullable=False),
        Column("result_json", Text, nullable=False),
        Index("ix_history_created_at", "created_at"),
        sqlite_autoincrement=True,
    )
    md.create_all(conn)


def _v2_add_kind(conn: Connection) -> None:
    # Same statement on SQLite and PostgreSQL; existing entries become notes.
    conn.exec_driver_sql(
        "ALTER TABLE outcome_log ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'note' "
        "CHECK (kind IN ('progress', 'problem', 'plan', 'note'))"
    )


def _v3_profile_and_failed_attempts(conn: Connection) -> None:
    # The profile is one row (id 1) holding the Profile model as JSON: its fields grow without migrations.
    # History gains `error`: a failed attempt is kept (its input is what the user would otherwise retype).
    md = MetaData()
    Table(
        "profile",
        md,
        Column("id", Integer, primary_key=True),
        Column("data_json", Text, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    md.create_all(conn)
    conn.exec_driver_sql("ALTER TABLE history ADD COLUMN error TEXT")


def _v4_practice(conn: Connection) -> None:
    # Practice sessions (coach/store/_practice.py): a session, and once it ends its debrief's score per rubric
    # criterion as columns (progress over time is one query); its turns, each answer's score kept as JSON.
    md = MetaData()
    Table(
        "practice_session",
        md,
        Column("id", Integer, primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("persona", String(64), nullable=False),
        Column("scenario", String(64), nullable=False),
        Column("engine", String(16), nullable=False),
        Column("rubric_version", Integer, nullable=False),
        Column("max_answers", Integer, nullable=False),
        Column("status", String(8), nullable=False),
        Column("overall", Float, nullable=True),
        *(
            Column(name, Integer, nullable=True)
            for name in ("clarity", "business_impact", "concision", "jargon", "answers_question", "honest_confidence")
        ),
        Column("debrief_json", Text, nullable=True),
        Index("ix_practice_session_created_at", "created_at"),
        sqlite_autoincrement=True,
    )
    Table(
        "practice_turn",
        md,
        Column("id", Integer, primary_key=True),
        Column("session_id", Integer, ForeignKey("practice_session.id", ondelete="CASCADE"), nullable=False),
        Column("n", Integer, nullable=False),
        Column("role", String(16), nullable=False),
        Column("text", Text, nullable=False),
        Column("gap", String(32), nullable=True),
        Column("result_json", Text, nullable=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        UniqueConstraint("session_id", "n", name="uq_practice_turn_session_n"),
        sqlite_autoincrement=True,
    )
    md.create_all(conn)


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (
    _v1_create_tables,
    _v2_add_kind,
    _v3_profile_and_failed_attempts,
    _v4_practice,
)
SCHEMA_VERSION = len(MIGRATIONS)
"""The version this code reads and writes."""

# Any fixed number; it names the lock that serializes concurrent migrations on PostgreSQL.
_PG_MIGRATION_LOCK = 0x636F6163


class NewerSchemaError(Exception):
    """The database was written by a newer coach; the Store turns this into a StoreError."""

    def __init__(self, found: int) -> None:
        super().__init__(found)
        self.found = found


def migrate(conn: Connection) -> int:
    """Bring the database on `conn` (inside a write transaction) to SCHEMA_VERSION; return the old version.

    Raises NewerSchemaError, changing nothing, when the database is newer than this code.
    """
    if conn.dialect.name == "postgresql":
        # SQLite serializes writers already (BEGIN IMMEDIATE); PostgreSQL needs a lock so two processes
        # opening a fresh database at once do not both create the tables.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
    if inspect(conn).has_table("schema_version"):
        found = conn.execute(select(schema_version.c.version)).scalars().all()
        current = max(found, default=0)
    else:
        schema_version.create(conn)
        found, current = [], 0
    if current > SCHEMA_VERSION:
        raise NewerSchemaError(current)
    for step in MIGRATIONS[current:]:
        step(conn)
    if current != SCHEMA_VERSION or len(found) != 1:
        conn.execute(schema_version.delete())
        conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
    return current
