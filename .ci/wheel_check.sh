#!/usr/bin/env bash
# A packaged install works: build the wheel, install it (not editable) into a fresh venv, and run the features
# from another directory. The fresh venv borrows the dev venv's dependencies through a plain path (.pth), so
# no download is needed; the editable install's import hook is not loaded there, so `coach` is the wheel's.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_PY=${VENV_PY:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$VENV_PY" -m pip wheel -q --no-deps -w "$work/dist" . >/dev/null
python3 -m venv "$work/venv"
"$VENV_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
    >"$("$work/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/dev-deps.pth"
"$work/venv/bin/python" -m pip install -q --no-deps --disable-pip-version-check "$work"/dist/coach-*.whl

cd "$work"
export COACH_ENGINE=offline COACH_DB_URL="sqlite:///$work/coach.db"
where=$("$work/venv/bin/python" -c 'import coach, os; print(os.path.dirname(coach.__file__))')
case "$where" in "$work"/venv/*) ;; *) echo "wheel check: coach imported from $where, not the wheel" >&2; exit 1 ;; esac
"$work/venv/bin/coach" translate --json "Our model has high recall but low precision." | grep -q '"rewrite"'
printf 'completed JIRA-4411\nmigrated billing to Postgres 16, cutting p95 latency from 420ms to 180ms\n' \
    | "$work/venv/bin/coach" outcomes --json - | grep -q '"items"'
printf 'Shipped search v2\nBlocked on legal review\nNext week: launch to 10%% of users\n' \
    | "$work/venv/bin/coach" weekly --from - --json | grep -q '"progress"'
echo "wheel check: coach translate, outcomes and weekly ran from a non-editable wheel install"
