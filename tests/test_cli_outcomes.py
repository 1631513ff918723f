"""`coach outcomes`, `coach log`, `coach weekly` as a user runs them: JSON, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.cli import main
from coach.cli.log_cmd import KINDS
from coach.store import ENTRY_KINDS

ACCEPTANCE = "completed JIRA-4411\nmigrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms\n"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'coach.db'}"


def run(*args: str, db_url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_"))}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "COACH_DB_URL": db_url},
        timeout=120,
        cwd=Path(__file__).parent,  # no stray .env from the project root
    )


class Ran:
    """What `main()` printed and returned, shaped like a finished process."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def coach_main(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Ran]:
    """`coach ARGS` in this process (fast), with the same clean environment as `run`."""
    for name in list(os.environ):
        if name.startswith(("COACH_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("COACH_DB_URL", db_url)
    monkeypatch.chdir(tmp_path)

    def call(*args: str, stdin: str | None = None) -> Ran:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse rejects the arguments before a handler runs
            code = int(exit_.code or 0)
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return call


def assert_one_line_error(proc: subprocess.CompletedProcess[str] | Ran, code: int) -> str:
    assert proc.returncode == code, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith("coach: ") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr
    return proc.stderr


def test_acceptance_outcomes(db_url: str) -> None:
    proc = run("outcomes", "--json", "-", stdin=ACCEPTANCE, db_url=db_url)

    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["engine"] == "offline"
    first, second = data["items"]
    # DESIGN.md's fields, plus the additive status and finished
    assert set(first) == {"task", "outcome", "activity_only", "question", "status", "finished"}
    assert first["activity_only"] is True and first["question"] and first["finished"] is False
    assert "JIRA-4411" in first["outcome"] and "not stated" not in first["outcome"]
    assert second["activity_only"] is False and second["finished"] is True and second["status"] == "done"
    for fact in ("420ms", "180ms", "Postgres 16"):
        assert fact in second["outcome"]


def test_acceptance_log_then_weekly(db_url: str) -> None:
    for text, kind in [
        ("migrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms", "note"),
        ("EU rollout blocked on legal review of the DPA", "problem"),
        ("Next week: finish the invoice export for Acme", "note"),
    ]:
        added = run("log", "add", "--kind", kind, "--json", text, db_url=db_url)
        assert added.returncode == 0, added.stderr
        assert json.loads(added.stdout)["text"] == text

    proc = run("weekly", "--json", db_url=db_url)

    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"progress", "problems", "plan", "text", "engine"} <= set(data)
    for section in ("progress", "problems", "plan"):
        assert 1 <= len(data[section]) <= 5
    assert "420ms" in data["progress"][0] and "180ms" in data["progress"][0]
    assert data["problems"] == ["EU rollout blocked on legal review of the DPA"]
    assert data["plan"] == ["Next week: finish the invoice export for Acme"]
    assert data["text"].startswith("# Weekly update")

    slack = run("weekly", "--format", "slack", db_url=db_url)
    assert slack.returncode == 0, slack.stderr
    assert "*Progress*\n• " in slack.stdout
    email = run("weekly", "--format", "email", "--reader", "executive", db_url=db_url)
    assert email.returncode == 0, email.stderr
    assert email.stdout.startswith("Subject: Weekly update")


def test_log_list_edit_delete(coach_main: Callable[..., Ran]) -> None:
    first = json.loads(coach_main("log", "add", "--json", "Cut costs by 10%").stdout)
    coach_main("log", "add", "Closed the Acme deal 🎉")

    listed = json.loads(coach_main("log", "list", "--json").stdout)
    assert [e["text"] for e in listed["entries"]] == ["Cut costs by 10%", "Closed the Acme deal 🎉"]

    edited = coach_main("log", "edit", str(first["id"]), "Cut costs by 12%", "--kind", "progress", "--json")
    assert edited.returncode == 0, edited.stderr
    assert json.loads(edited.stdout)["text"] == "Cut costs by 12%"

    assert coach_main("log", "delete", str(first["id"])).returncode == 0
    plain = coach_main("log", "list", "--week", listed["week"])
    assert "Cut costs" not in plain.stdout and "Closed the Acme deal 🎉" in plain.stdout

    assert "No log entry has id" in assert_one_line_error(coach_main("log", "delete", str(first["id"])), 2)


def test_weekly_from_notes_file(coach_main: Callable[..., Ran], tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Progress:\n- Cut p95 latency 30%\nProblems:\n- Vendor late\nPlan:\n- Hire\n", encoding="utf-8")

    proc = coach_main("weekly", "--from", str(notes), "--json")

    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["progress"], data["problems"], data["plan"]) == (["Cut p95 latency 30%"], ["Vendor late"], ["Hire"])


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("outcomes", "-"), "", "Nothing to turn into outcomes"),
        (("outcomes", "/no/such/file.txt"), None, "No such file"),
        (("weekly", "--week", "2026-W48"), None, "No outcome log entries for 2026-W48"),
        (("weekly", "--week", "nope"), None, "Week must look like 2026-W48"),
        (("weekly", "--from", "-"), "\n\n", "Nothing to draft"),
        (("log", "add", "   "), None, "Nothing to log"),
        (("log", "edit", "1"), None, "Nothing to change"),
        (("log",), None, "coach log add|list|edit|delete"),
        (("log", "delete", "abc"), None, "entry id"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: tuple[str, ...], stdin: str | None, message: str, coach_main: Callable[..., Ran]
) -> None:
    assert message in assert_one_line_error(coach_main(*args, stdin=stdin), 2)


def test_five_hundred_and_one_tasks_is_a_clear_limit(coach_main: Callable[..., Ran]) -> None:
    stdin = "\n".join(f"Fixed bug {n}" for n in range(501))

    assert "the limit is 500" in assert_one_line_error(coach_main("outcomes", "-", stdin=stdin), 2)


def test_a_broken_database_is_exit_3(
    coach_main: Callable[..., Ran], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    monkeypatch.setenv("COACH_DB_URL", f"sqlite:///{not_a_db}")

    proc = coach_main("log", "list")

    assert "not a coach database" in assert_one_line_error(proc, 3)


def test_llm_engine_without_an_endpoint_is_a_config_error(coach_main: Callable[..., Ran]) -> None:
    proc = coach_main("outcomes", "--engine", "llm", "-", stdin=ACCEPTANCE)

    assert "OPENAI_BASE_URL" in assert_one_line_error(proc, 2)


def test_text_output_lists_finished_statements_apart_from_open_questions(coach_main: Callable[..., Ran]) -> None:
    stdin = ACCEPTANCE + "🟡 SSO for the admin console — SAML remaining\n- [ ] Add rate limiting\n"

    proc = coach_main("outcomes", "-", stdin=stdin)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("[offline] 4 tasks · 1 finished · 3 to answer")
    finished, _, open_ = proc.stdout.partition("Still needs an answer:")
    assert "Outcome statements:\n- Cut p95 latency from 420ms to 180ms" in finished
    assert "JIRA-4411" not in finished and "not stated" not in proc.stdout
    assert "- completed JIRA-4411 (no result stated)\n    ? What did JIRA-4411 change" in open_
    assert "- 🟡 SSO for the admin console — SAML remaining (in progress)\n    ? " in open_
    assert "- Add rate limiting (planned)\n    ? When" in open_


def test_text_output_with_nothing_finished_says_so(coach_main: Callable[..., Ran]) -> None:
    proc = coach_main("outcomes", "-", stdin="Refactored the auth module\n")

    assert proc.returncode == 0, proc.stderr
    assert "No finished outcome statement yet" in proc.stdout and "Outcome statements:" not in proc.stdout


def test_log_kinds_match_the_store() -> None:
    assert KINDS == ENTRY_KINDS
