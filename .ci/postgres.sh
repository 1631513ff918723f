#!/usr/bin/env bash
# Start a local PostgreSQL for the store tests (tests/test_store.py) on a fresh Debian machine, as root.
#
#   source .ci/postgres.sh      # exports COACH_TEST_PG_URL into the calling shell
#   bash .ci/postgres.sh        # prints the export line (and appends it to $GITHUB_ENV when set)
#
# Idempotent: safe to run again on a machine where it already ran.

_coach_pg_setup() (
    set -euo pipefail

    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq postgresql >/dev/null
    fi

    # Debian's postinst normally creates a cluster; create one if this image skipped that.
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        ver="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
        pg_createcluster "$ver" main >/dev/null
    fi
    read -r ver name _ < <(pg_lsclusters -h | head -n 1)

    # "already running" exits 2; anything else is a real failure.
    pg_ctlcluster "$ver" "$name" start || [ $? -eq 2 ]
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && break
        sleep 1
    done
    pg_isready -h 127.0.0.1 -p 5432 >/dev/null

    runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -d postgres <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coach') THEN
        CREATE ROLE coach LOGIN PASSWORD 'coach';
    ELSE
        ALTER ROLE coach LOGIN PASSWORD 'coach';
    END IF;
END
$$;
SQL
    if ! runuser -u postgres -- psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'coach'" \
        | grep -q 1; then
        runuser -u postgres -- createdb -O coach coach
    fi
    # Password login over TCP, exactly as the tests will connect.
    PGPASSWORD=coach psql -h 127.0.0.1 -p 5432 -U coach -d coach -tAq -c "SELECT 1" >/dev/null
)

if _coach_pg_setup; then
    export COACH_TEST_PG_URL="postgresql+psycopg://coach:coach@127.0.0.1:5432/coach"
    echo "export COACH_TEST_PG_URL=${COACH_TEST_PG_URL}"
    if [ -n "${GITHUB_ENV:-}" ]; then
        echo "COACH_TEST_PG_URL=${COACH_TEST_PG_URL}" >>"$GITHUB_ENV"
    fi
else
    echo "postgres.sh: could not start PostgreSQL (see the messages above)" >&2
    # `return` when sourced, `exit` when run.
    return 1 2>/dev/null || exit 1
fi
