"""Starting the UI (defect 7): what `make run` (python app.py) and `coach serve` print, a busy port, the
database location, and the README's promises about them. Real processes, on free ports of 127.0.0.1."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ui import free_port

from coach import Coach, Settings

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 120


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_"))}
    values |= {"COACH_ENGINE": "offline", "COACH_DB_URL": f"sqlite:///{tmp_path / 'here.db'}", "PYTHONUNBUFFERED": "1"}
    return values | extra


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield int(taken.getsockname()[1])


def test_make_run_prints_where_it_is_and_where_the_data_is_and_no_gradio_advice(tmp_path: Path) -> None:
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env(tmp_path, COACH_PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        assert app.stdout is not None
        while time.monotonic() < deadline:
            line = app.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "address:" in line:  # the last start-up line
                break
    finally:
        app.terminate()
        app.communicate(timeout=30)  # waits, and closes the pipe
    out = "".join(lines)

    assert f"coach is running at http://127.0.0.1:{port}/" in out
    assert f"data:     {tmp_path / 'here.db'}" in out
    assert "COACH_HOST" in out and "COACH_PORT" in out
    assert "share=True" not in out and "GRADIO_SERVER_PORT" not in out and "public link" not in out


@pytest.mark.parametrize(
    "command",
    [["app.py"], ["-c", "import sys; from coach.cli import main; sys.exit(main())", "serve"]],
    ids=["make run", "coach serve"],
)
def test_a_busy_port_is_one_line_naming_coach_port(tmp_path: Path, busy_port: int, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env(tmp_path, COACH_PORT=str(busy_port)),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("coach: ")
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in done.stderr and "COACH_PORT=" in done.stderr
    assert "GRADIO_SERVER_PORT" not in done.stderr + done.stdout and "Traceback" not in done.stderr


def test_the_page_shows_where_the_data_is_kept(tmp_path: Path) -> None:
    from coach.ui.common import data_location

    assert data_location(Settings(_env_file=None, COACH_DB_URL=f"sqlite:///{tmp_path}/x.db")) == f"{tmp_path}/x.db"  # type: ignore[call-arg]
    shown = data_location(Settings(_env_file=None, COACH_DB_URL="postgresql+psycopg://me:s3cret@db/coach"))  # type: ignore[call-arg]
    assert "s3cret" not in shown and "db/coach" in shown


def test_the_readme_documents_the_ui_settings_and_the_installed_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    for setting in ("COACH_HOST", "COACH_PORT", "COACH_AUTH", "COACH_DB_URL"):
        assert setting in readme, setting
    assert ".venv/bin/coach" in readme
    assert re.search(r"!\[[^\]]*\]\(docs/screenshots/[\w-]+\.png\)", readme), "the README shows a screenshot"


def test_the_readme_headline_is_what_the_default_engine_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r'^> "(?P<text>[^"]+)"\n> → "(?P<rewrite>[^"]+)"', readme, re.MULTILINE)
    assert quoted, "the README opens with a quoted example"

    coach = Coach(Settings(_env_file=None, COACH_ENGINE="offline"))  # type: ignore[call-arg]
    assert coach.translate(quoted["text"], "executive").rewrite == quoted["rewrite"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("terms: [", "not valid YAML"),
        ("version: 1\nterms:\n  - term: x\n    category: ml\n", "plain"),
    ],
    ids=["missing", "not yaml", "no plain words"],
)
def test_a_bad_team_glossary_stops_the_start_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    from coach.ui import main

    team = tmp_path / "team.yaml"
    if content is not None:
        team.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(Settings(_env_file=None, COACH_ENGINE="offline", COACH_GLOSSARY=str(team), COACH_PORT=free_port()))  # type: ignore[call-arg]

    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("coach: cannot start the UI: ") and err.count("\n") == 1 and message in err
