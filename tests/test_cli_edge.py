"""The CLI at its edges: bytes that are not UTF-8, endless or huge standard input, ports, and secrets in errors.

The contract (DESIGN.md): errors are one line on stderr, exit 2 for bad input or configuration, 3 for model
or storage failures, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from llm_server import LLMServer

from coach import Coach
from coach.cli import main
from coach.cli.common import READ_LIMIT, error_line, read_file, read_text
from coach.errors import DataError, InputError
from coach.evals.schema import load_cases
from coach.settings import Settings
from coach.validate import clean_text

Run = Callable[..., subprocess.CompletedProcess[bytes]]


@pytest.fixture
def coach(tmp_path: Path) -> Run:
    """`coach ARGS` in a subprocess: offline engine, a fresh SQLite file, no developer settings or .env."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_"))}
    base |= {"COACH_ENGINE": "offline", "COACH_DB_URL": f"sqlite:///{tmp_path / 'coach.db'}"}

    def run(
        *args: str | bytes, stdin: bytes | int | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "coach", *args],
            input=stdin if isinstance(stdin, bytes) else None,
            stdin=stdin if isinstance(stdin, int) else None,
            capture_output=True,
            env={**base, **(env or {})},
            timeout=120,
            cwd=tmp_path,
        )

    return run


def one_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text, text
    assert len(text.strip().splitlines()) == 1, text
    return text


# --- arguments that are not UTF-8 --------------------------------------------------------------------------
def test_log_add_with_invalid_utf8_saves_the_entry_with_replacement_characters(coach: Run) -> None:
    added = coach("log", "add", b"shipped \xff\xfe")
    assert added.returncode == 0, added.stderr.decode()
    listed = coach("log", "list", "--json")
    assert listed.returncode == 0, listed.stderr.decode()
    assert [e["text"] for e in json.loads(listed.stdout)["entries"]] == ["shipped \ufffd\ufffd"]


def test_translate_with_invalid_utf8_works_offline(coach: Run) -> None:
    proc = coach("translate", "--json", b"Latency fell \xff from 800ms to 200ms.")
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["original"] == "Latency fell \ufffd from 800ms to 200ms."


def test_translate_with_invalid_utf8_sends_replacement_characters_to_the_model(
    coach: Run, llm_server: LLMServer
) -> None:
    llm_server.enqueue({"rewrite": "Search is four times faster.", "changes": [], "why_it_matters": "Less waiting."})
    env = {"COACH_ENGINE": "llm", "OPENAI_BASE_URL": llm_server.base_url, "COACH_MAX_RETRIES": "0"}
    proc = coach("translate", "--json", b"Search \xff got faster.", env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(llm_server.requests) == 1
    assert "Search \ufffd got faster." in json.dumps(llm_server.requests[0]["messages"], ensure_ascii=False)


def test_surrogates_in_arguments_from_python_callers_are_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    # "\udcff" is what surrogateescape makes of byte 0xff; "\ud800" is no byte at all (a caller built it).
    assert main(["translate", "--engine", "offline", "--json", "a \udcff b \ud800 c"]) == 0
    assert json.loads(capsys.readouterr().out)["original"] == "a \ufffd b \ufffd c"


def test_clean_text_replaces_lone_surrogates_and_joins_pairs() -> None:
    assert clean_text("a \ud800 b \ud83d\ude00", limit=100) == "a \ufffd b \U0001f600"


def test_a_python_caller_passing_a_lone_surrogate_gets_a_result_that_dumps() -> None:
    result = Coach.from_settings(Settings(COACH_ENGINE="offline")).translate("We shipped \ud800 3 fixes.")
    assert "\ufffd" in json.loads(result.model_dump_json())["original"]


# --- standard input and files: bounded reads ---------------------------------------------------------------
def test_dev_zero_on_stdin_ends_quickly_as_binary(coach: Run) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = coach("translate", "-", stdin=zero.fileno())
    assert proc.returncode == 2
    assert "binary" in one_line(proc.stderr)


def test_endless_text_on_stdin_ends_with_the_limit(coach: Run) -> None:
    with subprocess.Popen(["yes", "we shipped it"], stdout=subprocess.PIPE) as yes:
        assert yes.stdout is not None
        proc = coach("translate", "-", stdin=yes.stdout.fileno())
        yes.kill()
    assert proc.returncode == 2
    assert f"over the limit of {READ_LIMIT:,} characters" in one_line(proc.stderr)


def test_dev_zero_as_a_file_is_binary(coach: Run) -> None:
    proc = coach("outcomes", "/dev/zero")
    assert proc.returncode == 2
    assert "binary" in one_line(proc.stderr)


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes], io.BytesIO]:
    def feed(data: bytes) -> io.BytesIO:
        raw = io.BytesIO(data)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
        return raw

    return feed


def test_a_huge_stdin_is_refused_after_reading_only_up_to_the_bound(
    stdin: Callable[[bytes], io.BytesIO], capsys: pytest.CaptureFixture[str]
) -> None:
    raw = stdin(b"word " * 2_000_000)  # 10 MB
    assert main(["translate", "--engine", "offline", "-"]) == 2
    assert f"over the limit of {READ_LIMIT:,} characters" in capsys.readouterr().err
    assert raw.tell() <= 2 * READ_LIMIT  # stopped early, not read whole


def test_read_text_takes_a_limit_and_says_it(stdin: Callable[[bytes], io.BytesIO]) -> None:
    stdin(b"x" * 101)
    with pytest.raises(InputError, match=r"over the limit of 100 characters \(COACH_MAX_INPUT_CHARS\)"):
        read_text("-", limit=100, limit_name="COACH_MAX_INPUT_CHARS")


def test_read_text_does_not_count_carriage_returns(stdin: Callable[[bytes], io.BytesIO]) -> None:
    stdin(b"abcd\r\n" * 20)  # 100 characters once CRLF becomes LF, as clean_text will make it
    assert read_text("-", limit=100).count("\r") == 20


def test_read_text_decodes_invalid_utf8_and_drops_a_bom(stdin: Callable[[bytes], io.BytesIO]) -> None:
    stdin(b"\xef\xbb\xbfshipped \xff")
    assert read_text("-") == "shipped \ufffd"


def test_read_file_is_bounded_too(tmp_path: Path) -> None:
    big = tmp_path / "tasks.txt"
    big.write_text("fix the build\n" * 100)
    with pytest.raises(InputError, match=rf"{big} is over the limit of 1,000 characters"):
        read_file(str(big), limit=1_000)
    assert read_file(str(big), limit=10_000).startswith("fix the build")


@pytest.mark.parametrize(
    ("name", "message"), [("missing.txt", "No such file"), (".", "is a folder")], ids=["missing", "folder"]
)
def test_read_file_says_why_it_cannot(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_file(str(tmp_path / name))


# --- coach serve: ports ------------------------------------------------------------------------------------
@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_serve_rejects_a_bad_port_before_starting(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", port])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "1 to 65535" in err and len(err.strip().splitlines()) == 1


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.fixture
def fake_ui(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """coach.ui replaced (no gradio import): records the port it was asked to serve on."""
    served: list[int | None] = []
    module = types.ModuleType("coach.ui")
    module.main = lambda settings, *, port=None: served.append(port)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "coach.ui", module)
    return served


def test_serve_on_a_busy_port_is_a_clear_error(
    busy_port: int, fake_ui: list[int | None], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", str(busy_port)]) == 2
    err = capsys.readouterr().err
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in err
    assert "--port" in err and "COACH_PORT" in err and len(err.strip().splitlines()) == 1
    assert fake_ui == []  # refused before the UI was built


def test_serve_on_a_busy_port_from_the_environment_is_a_clear_error(
    busy_port: int, fake_ui: list[int | None], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COACH_PORT", str(busy_port))
    assert main(["serve"]) == 2
    assert "COACH_PORT" in capsys.readouterr().err


def test_serve_passes_the_port_from_the_environment(fake_ui: list[int | None], monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("COACH_PORT", str(port))
    assert main(["serve"]) == 0
    assert fake_ui == [port]


def test_serve_when_the_port_is_taken_after_the_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def taken(settings: Settings, *, port: int | None = None) -> None:
        raise OSError(f"Cannot find empty port in range: {port}-{port}. You can specify a different port ...")

    module = types.ModuleType("coach.ui")
    module.main = taken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "coach.ui", module)
    assert main(["serve", "--port", "65000"]) == 2
    err = capsys.readouterr().err
    assert "Port 65000 on 127.0.0.1 is already in use" in err and "unexpected" not in err


# --- secrets never reach stderr ----------------------------------------------------------------------------
def test_an_unreachable_endpoint_is_reported_without_its_credentials(coach: Run) -> None:
    env = {
        "COACH_ENGINE": "llm",
        "OPENAI_BASE_URL": "http://bob:hunter2@127.0.0.1:9/v1?api_key=sk-live-123456",
        "COACH_MAX_RETRIES": "0",
        "COACH_DEADLINE": "20",
    }
    proc = coach("translate", "hello there", env=env)
    assert proc.returncode == 3
    err = one_line(proc.stderr)
    assert "hunter2" not in err and "sk-live-123456" not in err
    assert "127.0.0.1:9" in err


def test_a_bad_setting_is_reported_without_its_credentials(coach: Run) -> None:
    proc = coach("translate", "hello", env={"OPENAI_BASE_URL": "ftp://bob:hunter2@models.test/v1"})
    assert proc.returncode == 2
    err = one_line(proc.stderr)
    assert "OPENAI_BASE_URL" in err and "hunter2" not in err


def test_error_lines_mask_the_api_key_and_join_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-live-123456")
    assert error_line("Incorrect API key sk-live-123456\nfor http://u:p@h/v1") == (
        "Incorrect API key *** for http://u:***@h/v1"
    )


# --- eval case files ---------------------------------------------------------------------------------------
def test_an_eval_case_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    case = tmp_path / "translate" / "latin1-case.yaml"
    case.parent.mkdir()
    case.write_bytes(b"id: latin1-case\nfeature: translate\ninput: caf\xe9\n")
    with pytest.raises(DataError) as caught:
        load_cases(tmp_path)
    message = str(caught.value)
    assert str(case) in message and "not UTF-8" in message and "line 3" in message
    assert "\n" not in message


def test_the_eval_command_names_the_file_that_is_not_utf8(coach: Run, tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    (cases / "translate").mkdir(parents=True)
    (cases / "translate" / "bad.yaml").write_bytes(b"id: bad\n\xff\n")
    proc = coach("eval", "--cases", str(cases))
    assert proc.returncode == 2
    assert "bad.yaml is not UTF-8" in one_line(proc.stderr)
