"""The store: outcome log, history, schema migrations, and what happens when processes die or race.

Tests taking `store_url` / `store` run on SQLite (a real file in tmp_path) and, when COACH_TEST_PG_URL is
set (see .ci/postgres.sh), on PostgreSQL in a schema of their own. Process-level tests start real child
processes with sys.executable.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from coach.errors import InputError, StoreError
from coach.store import MAX_ENTRY_CHARS, SCHEMA_VERSION, Store, iso_week, parse_week

REPO = Path(__file__).resolve().parents[1]
PG_ENV = "COACH_TEST_PG_URL"
PG_SKIP = "set COACH_TEST_PG_URL to run the store tests against PostgreSQL"
TOKYO = timezone(timedelta(hours=9))
MON_W48 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday of 2026-W48


# --- fixtures -------------------------------------------------------------------------------------------


def _pg_base_url() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    url = make_url(base)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file (in a folder not yet made) or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'coach.db'}"
        return
    base = _pg_base_url()
    schema = f"coach_test_{uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        # Every connection made with this URL (the store's, child processes') works inside the schema.
        yield (
            make_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    finally:
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'coach.db'}"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


def _raw(url: str) -> Engine:
    """A plain engine for setting up or inspecting a database behind the store's back."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url)


def _db_version(url: str) -> list[int]:
    engine = _raw(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT version FROM schema_version")).scalars())
    finally:
        engine.dispose()


@contextmanager
def _child(code: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    """A Python child process running `code`; killed if still running when the block ends."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()


# --- weeks ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "week"),
    [
        ("2026-W48", "2026-W48"),
        ("2026-w48", "2026-W48"),
        ("2026W48", "2026-W48"),
        ("2026w48", "2026-W48"),
        (" 2026-W48\n", "2026-W48"),
        ("2026-W1", "2026-W01"),
        ("2026-W01", "2026-W01"),
        ("2026-W53", "2026-W53"),  # 2026 starts on a Thursday: it has 53 ISO weeks
        ("2020-W53", "2020-W53"),
    ],
)
def test_parse_week_accepts_and_normalizes(typed: str, week: str) -> None:
    assert parse_week(typed) == week


@pytest.mark.parametrize(
    "typed",
    ["", "2026", "2026-48", "W48", "26-W48", "2026-W00", "2026-W54", "2025-W53", "2026-W480", "2026--W48",
     "2026-W4x", "48-2026", "2026-Ｗ48"],
)  # fmt: skip
def test_parse_week_rejects_with_the_expected_shape(typed: str) -> None:
    with pytest.raises(InputError, match="Week must look like 2026-W48"):
        parse_week(typed)


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        (datetime(2026, 11, 23, tzinfo=UTC), "2026-W48"),
        (datetime(2026, 11, 29, 23, 59, tzinfo=UTC), "2026-W48"),
        (datetime(2026, 12, 31, tzinfo=UTC), "2026-W53"),
        (datetime(2027, 1, 1, tzinfo=UTC), "2026-W53"),  # ISO year differs from the calendar year
        (datetime(2027, 1, 4, tzinfo=UTC), "2027-W01"),
        (datetime(2026, 11, 23, 8, 0, tzinfo=TOKYO), "2026-W48"),  # Monday in Tokyo ...
        (datetime(2026, 11, 23, 8, 0, tzinfo=TOKYO).astimezone(UTC), "2026-W47"),  # ... still Sunday in UTC
    ],
)
def test_iso_week(moment: datetime, week: str) -> None:
    assert iso_week(moment) == week


# --- outcome log ----------------------------------------------------------------------------------------


def test_add_and_list_by_week(store: Store) -> None:
    late = store.add_entry(
        "Shipped the export API to 3 pilot customers", kind="progress", when=MON_W48 + timedelta(days=2)
    )
    early = store.add_entry("Flaky deploys blocked us for half a day", kind="problem", when=MON_W48)
    store.add_entry("Last week's thing", when=MON_W48 - timedelta(days=3))

    entries = store.list_entries("2026-w48")

    assert [e.id for e in entries] == [early.id, late.id]  # by time, not by insertion order
    assert entries == [early, late]
    assert entries[1].kind == "progress"
    assert entries[1].created_at == MON_W48 + timedelta(days=2)
    assert entries[1].created_at.tzinfo is not None
    assert store.list_entries("2026-W46") == []
    assert store.weeks() == ["2026-W48", "2026-W47"]


def test_entries_default_to_note_and_the_current_week(store: Store) -> None:
    before = iso_week(datetime.now().astimezone())
    entry = store.add_entry("Wrote the on-call handbook")
    after = iso_week(datetime.now().astimezone())

    assert entry.kind == "note"
    assert entry.created_at.utcoffset() == timedelta(0)
    assert entry.week in (before, after)
    current = store.list_entries()
    assert entry in current or after != before  # the week may turn over mid-test, once in a blue moon


def test_backfill_counts_in_the_users_own_calendar_week(store: Store) -> None:
    monday_morning_tokyo = datetime(2026, 11, 23, 8, 0, tzinfo=TOKYO)

    entry = store.add_entry("Planned the Q1 migration", kind="plan", when=monday_morning_tokyo)

    assert entry.week == "2026-W48"
    assert entry.created_at == monday_morning_tokyo
    assert entry.created_at.tzinfo == UTC
    assert store.list_entries("2026-W48") == [entry]


def test_naive_when_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="timezone-aware"):
        store.add_entry("x", when=datetime(2026, 11, 23, 9, 0))


@pytest.mark.parametrize("empty", ["", "   ", "\n\t ", "\x00\x07"])
def test_empty_entry_is_refused(store: Store, empty: str) -> None:
    with pytest.raises(InputError, match="Nothing to log"):
        store.add_entry(empty)
    assert store.count_entries() == 0


def test_entry_length_limit(store: Store) -> None:
    assert len(store.add_entry("a" * MAX_ENTRY_CHARS, when=MON_W48).text) == MAX_ENTRY_CHARS
    assert store.add_entry("  " + "b" * MAX_ENTRY_CHARS + "\n", when=MON_W48).text == "b" * MAX_ENTRY_CHARS
    with pytest.raises(InputError, match=r"2,001 characters; the limit is 2,000"):
        store.add_entry("c" * (MAX_ENTRY_CHARS + 1))
    assert store.count_entries() == 2


def test_text_is_stripped_and_control_characters_dropped(store: Store) -> None:
    entry = store.add_entry("  Fixed\x00 the \x1b[31mlogin\tbug\r\nfor 2 customers \n", when=MON_W48)
    assert entry.text == "Fixed the [31mlogin\tbug\r\nfor 2 customers"
    assert store.get_entry(entry.id).text == entry.text


def test_same_text_twice_in_a_week_is_two_entries(store: Store) -> None:
    first = store.add_entry("Reviewed the capacity plan", when=MON_W48)
    second = store.add_entry("Reviewed the capacity plan", when=MON_W48 + timedelta(hours=1))
    assert first.id != second.id
    assert [e.text for e in store.list_entries("2026-W48")] == ["Reviewed the capacity plan"] * 2


UNICODE_SAMPLES = [
    "Cut p95 latency 900 ms → 400 ms 🚀",
    "Team 👩🏽‍💻👨‍👩‍👧‍👦 shipped 🇩🇪🇯🇵 localisation",  # skin tone, ZWJ families, flags
    "Déploiement réussi — café ☕ naïve façade",
    "e\u0301 (combining accent) vs é, ﬁ ligature, Ångström Å",
    "数据库迁移完成，延迟降低30％",
    "تم إصلاح الخلل في 3 خوادم",  # right-to-left
    "zero\u200bwidth space, nbsp\u00a0here, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, 𐍈 (astral plane)",
    "line one\nline two\n\n\tindented",
]


def test_unicode_round_trips_exactly_through_the_database(store_url: str) -> None:
    with Store.open(store_url) as writer:
        ids = [writer.add_entry(sample, when=MON_W48).id for sample in UNICODE_SAMPLES]
    with Store.open(store_url) as reader:
        assert [reader.get_entry(i).text for i in ids] == UNICODE_SAMPLES
        assert [e.text for e in reader.list_entries("2026-W48")] == UNICODE_SAMPLES


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=MAX_ENTRY_CHARS).filter(str.strip))
def test_any_text_round_trips_stripped(store: Store, sample: str) -> None:
    entry = store.add_entry(sample, when=MON_W48)
    assert entry.text == sample.strip()
    assert store.get_entry(entry.id).text == sample.strip()


def test_update_entry(store: Store) -> None:
    entry = store.add_entry("Migrated billing", when=MON_W48)

    retexted = store.update_entry(entry.id, text="  Migrated billing to the new ledger, 0 errors  ")
    rekinded = store.update_entry(entry.id, kind="progress")
    both = store.update_entry(entry.id, text="Billing migration slipped a week", kind="problem")

    assert retexted.text == "Migrated billing to the new ledger, 0 errors"
    assert retexted.kind == "note"
    assert rekinded.kind == "progress"
    assert rekinded.text == retexted.text
    assert both.text == "Billing migration slipped a week"
    assert both.kind == "problem"
    assert (both.created_at, both.week, both.id) == (entry.created_at, entry.week, entry.id)
    assert store.list_entries("2026-W48") == [both]


def test_bad_updates_change_nothing(store: Store) -> None:
    entry = store.add_entry("Migrated billing", when=MON_W48)
    with pytest.raises(InputError, match="Nothing to log"):
        store.update_entry(entry.id, text="   ")
    with pytest.raises(InputError, match="Kind must be one of progress, problem, plan, note"):
        store.update_entry(entry.id, kind="win")  # type: ignore[arg-type]  # as the CLI might pass it
    with pytest.raises(InputError, match="Nothing to change"):
        store.update_entry(entry.id)
    assert store.get_entry(entry.id) == entry


def test_unknown_kind_is_refused_on_add(store: Store) -> None:
    with pytest.raises(InputError, match="Kind must be one of"):
        store.add_entry("x", kind="Progress")  # type: ignore[arg-type]


def test_delete_entry_and_ids_are_not_reused(store: Store) -> None:
    keep = store.add_entry("keep", when=MON_W48)
    gone = store.add_entry("gone", when=MON_W48)

    store.delete_entry(gone.id)
    later = store.add_entry("later", when=MON_W48)

    assert store.list_entries("2026-W48") == [keep, later]
    assert later.id > gone.id  # a script holding the old id must not hit the new entry


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda store: store.get_entry(999), id="get"),
        pytest.param(lambda store: store.update_entry(999, text="new"), id="update"),
        pytest.param(lambda store: store.delete_entry(999), id="delete"),
    ],
)
def test_unknown_id_is_an_input_error(store: Store, action: Callable[[Store], object]) -> None:
    store.add_entry("the only entry", when=MON_W48)
    with pytest.raises(InputError, match="No log entry has id 999"):
        action(store)
    assert store.count_entries() == 1


def test_weeks_newest_first_across_years(store: Store) -> None:
    for moment in [datetime(2027, 1, 5, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC), MON_W48, MON_W48]:
        store.add_entry("x", when=moment)
    assert store.weeks() == ["2027-W01", "2026-W48", "2026-W02"]


# --- history --------------------------------------------------------------------------------------------


def test_history_newest_first(store: Store) -> None:
    ids = [
        store.save_history(feature="translate", engine="offline", input_text=f"in {i} ✓", result_json=f'{{"n": {i}}}')
        for i in range(5)
    ]
    recent = store.recent_history(limit=3)
    assert [item.id for item in recent] == ids[:1:-1]
    assert recent[0].input_text == "in 4 ✓"
    assert recent[0].result_json == '{"n": 4}'
    assert recent[0].feature == "translate"
    assert recent[0].created_at.tzinfo == UTC
    assert len(store.recent_history()) == 5
    with pytest.raises(InputError, match="at least 1"):
        store.recent_history(limit=0)


# --- opening, schema, migrations ------------------------------------------------------------------------


def test_data_survives_reopening_and_reopen_keeps_the_version(store_url: str) -> None:
    with Store.open(store_url) as first:
        entry = first.add_entry("persisted", kind="plan", when=MON_W48)
    with Store.open(store_url) as second:
        assert second.list_entries("2026-W48") == [entry]
    assert _db_version(store_url) == [SCHEMA_VERSION]


def test_sqlite_file_is_created_in_a_new_folder_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "coach.db"
    with Store.open(f"sqlite:///{path}") as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    assert path.is_file()
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # WAL is stored in the file
    finally:
        raw.close()


def test_a_held_write_lock_blocks_writers_briefly_but_never_readers(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coach.store._store.BUSY_TIMEOUT_MS", 200)
    with Store.open(sqlite_url) as store:
        kept = store.add_entry("before the lock", when=MON_W48)
        other = sqlite3.connect(tmp_path / "coach.db", isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute(
                "INSERT INTO outcome_log (text, kind, created_at, week) "
                "VALUES ('not committed', 'note', '2026-11-23 10:00:00', '2026-W48')"
            )
            started = time.monotonic()
            with pytest.raises(StoreError, match=r"another process is writing to it .*try again"):
                store.add_entry("while locked", when=MON_W48)
            assert time.monotonic() - started >= 0.15  # it waited before giving up
            assert store.list_entries("2026-W48") == [kept]  # WAL: reading goes on, uncommitted rows unseen
            other.execute("ROLLBACK")
        finally:
            other.close()
        store.add_entry("after the lock", when=MON_W48)
        assert [e.text for e in store.list_entries("2026-W48")] == ["before the lock", "after the lock"]


V1_DDL = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE outcome_log (
    id {pk},
    text TEXT NOT NULL,
    created_at {ts} NOT NULL,
    week VARCHAR(8) NOT NULL
);
CREATE INDEX ix_outcome_log_week_created_at ON outcome_log (week, created_at);
CREATE TABLE history (
    id {pk},
    created_at {ts} NOT NULL,
    feature VARCHAR(64) NOT NULL,
    engine VARCHAR(64) NOT NULL,
    input_text TEXT NOT NULL,
    result_json TEXT NOT NULL
);
INSERT INTO schema_version (version) VALUES (1);
INSERT INTO outcome_log (text, created_at, week) VALUES ('Shipped v1 🚀', '2026-11-23 09:00:00', '2026-W48');
INSERT INTO outcome_log (text, created_at, week)
    VALUES ('Fixed the flaky test', '2026-11-24 10:30:00', '2026-W48');
INSERT INTO history (created_at, feature, engine, input_text, result_json)
    VALUES ('2026-11-24 11:00:00', 'translate', 'offline', 'p95', '{{}}');
"""


def test_v1_database_is_migrated_without_losing_rows(store_url: str) -> None:
    engine = _raw(store_url)
    if engine.dialect.name == "sqlite":
        ddl = V1_DDL.format(pk="INTEGER PRIMARY KEY AUTOINCREMENT", ts="DATETIME")
    else:
        ddl = V1_DDL.format(pk="SERIAL PRIMARY KEY", ts="TIMESTAMP WITH TIME ZONE")
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TIME ZONE 'UTC'")
        for statement in filter(str.strip, ddl.split(";")):
            conn.exec_driver_sql(statement)
    engine.dispose()

    with Store.open(store_url) as store:
        entries = store.list_entries("2026-W48")
        assert [(e.text, e.kind) for e in entries] == [
            ("Shipped v1 🚀", "note"),
            ("Fixed the flaky test", "note"),
        ]
        assert entries[0].created_at == MON_W48
        assert [h.feature for h in store.recent_history()] == ["translate"]
        tagged = store.update_entry(entries[1].id, kind="problem")
        added = store.add_entry("After the upgrade", kind="progress", when=MON_W48)
        assert tagged.kind == "problem"
        assert added.id > entries[1].id
    assert _db_version(store_url) == [SCHEMA_VERSION]


def test_database_from_a_newer_coach_is_refused_untouched(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.add_entry("from the future", when=MON_W48)
    engine = _raw(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET version = :v"), {"v": SCHEMA_VERSION + 1})
    engine.dispose()

    with pytest.raises(StoreError, match="newer coach") as caught:
        Store.open(store_url)

    assert "Upgrade coach" in str(caught.value)
    assert _db_version(store_url) == [SCHEMA_VERSION + 1]


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n" * 200)

    with pytest.raises(StoreError) as caught:
        Store.open(f"sqlite:///{path}")

    message = str(caught.value)
    assert str(path) in message
    assert "not a coach database" in message
    assert "COACH_DB_URL" in message
    assert "Traceback" not in message
    assert "sqlite3." not in message
    assert "\n" not in message
    assert path.read_text().startswith("These are my notes")  # nothing was written over it


def test_directory_in_place_of_the_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"Could not open the database at .*Check COACH_DB_URL"):
        Store.open(f"sqlite:///{tmp_path}")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "is not a URL"),
        ("~/coach.db", "is not a URL"),
        ("mysql://u:p@127.0.0.1/coach", "SQLite or PostgreSQL, not 'mysql'"),
        (
            "postgresql+psycopg://me:s3cret@127.0.0.1:1/coach",
            "Could not open the database at .*me:\\*\\*\\*@",
        ),
    ],
)
def test_bad_urls_give_a_clear_store_error(url: str, expected: str) -> None:
    with pytest.raises(StoreError, match=expected) as caught:
        Store.open(url)
    assert "s3cret" not in str(caught.value)


# --- processes: crashes and concurrent writers ----------------------------------------------------------

KILLED_IN_TRANSACTION = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from sqlalchemy import insert
from coach.store import Store
from coach.store._schema import outcome_log

url, marker = sys.argv[1], Path(sys.argv[2])
when = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
store = Store.open(url)
for i in range(50):
    print(store.add_entry(f"committed {i}", when=when).id, flush=True)
with store._write("test") as conn:  # the same transaction machinery every store write uses
    # A tiny page cache makes SQLite spill the uncommitted rows into the WAL file, so the kill leaves
    # uncommitted data on disk that recovery must ignore.
    conn.exec_driver_sql("PRAGMA cache_size = 5")
    for i in range(3000):
        conn.execute(insert(outcome_log).values(
            text=f"uncommitted {i} " + "x" * 400, kind="note", created_at=when, week="2026-W48"))
    marker.write_text("inside the transaction")
    time.sleep(300)
"""


def _wait_for(condition: Callable[[], bool], proc: subprocess.Popen[str], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"child exited ({proc.returncode}) before {what}: {proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


def _integrity(path: Path) -> str:
    raw = sqlite3.connect(path)
    try:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        raw.close()


def test_kill_inside_a_transaction_keeps_every_commit_and_no_partial_one(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    marker = tmp_path / "inside"
    url = f"sqlite:///{path}"

    with _child(KILLED_IN_TRANSACTION, url, str(marker)) as proc:
        _wait_for(marker.exists, proc, "the child was inside its transaction")
        wal_bytes = Path(f"{path}-wal").stat().st_size
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
    committed = [int(line) for line in out.split()]

    assert proc.returncode == -signal.SIGKILL
    assert len(committed) == 50
    assert wal_bytes > 500_000  # uncommitted pages really were on disk when the process died
    assert _integrity(path) == "ok"
    with Store.open(url) as store:
        entries = store.list_entries("2026-W48")
        assert [e.id for e in entries] == committed
        assert [e.text for e in entries] == [f"committed {i}" for i in range(50)]
        assert store.count_entries() == 50
        # and the database takes writes again
        store.add_entry("after the crash", when=MON_W48)
        assert store.count_entries() == 51
    assert _integrity(path) == "ok"


KILLED_WHILE_LOGGING = """
import sys
from coach.store import Store

store = Store.open(sys.argv[1])
i = 0
while True:
    print(store.add_entry(f"entry {i}").id, flush=True)  # printed only after the commit returned
    i += 1
"""


def test_kill_during_a_stream_of_writes_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    url = f"sqlite:///{path}"

    with _child(KILLED_WHILE_LOGGING, url) as proc:
        assert proc.stdout is not None
        acknowledged = [int(proc.stdout.readline()) for _ in range(200)]
        os.kill(proc.pid, signal.SIGKILL)  # somewhere in add_entry, its commit, or the print
        rest, _ = proc.communicate(timeout=30)
    acknowledged += [int(line) for line in rest.split()]
    assert proc.returncode == -signal.SIGKILL

    assert _integrity(path) == "ok"
    raw = sqlite3.connect(path)
    try:
        stored = [row[0] for row in raw.execute("SELECT id FROM outcome_log ORDER BY id")]
    finally:
        raw.close()
    # Every entry the writer was told about is there; at most one more (committed, not yet printed).
    assert stored[: len(acknowledged)] == acknowledged
    assert len(acknowledged) <= len(stored) <= len(acknowledged) + 1


CONCURRENT_WRITER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from coach.store import Store

url, name, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.001)
when = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
with Store.open(url) as store:  # both open at once: the first-open migration races too
    for i in range(n):
        store.add_entry(f"{name} {i}", when=when)
"""


def test_two_writers_at_once_lose_nothing(store_url: str, tmp_path: Path) -> None:
    n = 200
    go = tmp_path / "go"
    with ExitStack() as stack:
        writers = [
            stack.enter_context(_child(CONCURRENT_WRITER, store_url, name, str(n), str(go))) for name in ("cli", "ui")
        ]
        go.touch()
        for writer in writers:
            _, err = writer.communicate(timeout=240)
            assert writer.returncode == 0, err

    with Store.open(store_url) as store:
        texts = [e.text for e in store.list_entries("2026-W48")]
        assert store.count_entries() == 2 * n
    assert sorted(texts) == sorted(f"{name} {i}" for name in ("cli", "ui") for i in range(n))
    assert _db_version(store_url) == [SCHEMA_VERSION]


OPENER = """
import sys, time
from pathlib import Path
from coach.store import Store

url, go = sys.argv[1], Path(sys.argv[2])
while not go.exists():
    time.sleep(0.0005)
Store.open(url).close()
"""


def test_many_processes_opening_a_new_database_at_once(store_url: str, tmp_path: Path) -> None:
    # Each open reads the schema version and then writes; without taking the write lock first (SQLite) or
    # the migration lock (PostgreSQL), racing first opens fail or create the tables twice.
    go = tmp_path / "go"
    with ExitStack() as stack:
        openers = [stack.enter_context(_child(OPENER, store_url, str(go))) for _ in range(8)]
        time.sleep(0.5)  # let every child reach the starting line
        go.touch()
        for opener in openers:
            _, err = opener.communicate(timeout=120)
            assert opener.returncode == 0, err
    assert _db_version(store_url) == [SCHEMA_VERSION]
