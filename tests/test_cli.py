"""`coach translate` as a user runs it: JSON per DESIGN.md, exit codes 0/2/3, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_"))}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=120,
        cwd=Path(__file__).parent,  # no stray .env from the project root
    )


def test_acceptance_recall_precision() -> None:
    proc = run("translate", "--audience", "executive", "--json", "Our model has high recall but low precision.")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["engine"] == "offline"
    assert set(data) >= {
        "engine",
        "audience",
        "original",
        "rewrite",
        "changes",
        "jargon",
        "fact_check",
        "readability",
        "warnings",
    }
    assert {"recall", "precision"} <= {j["term"] for j in data["jargon"]}
    assert set(data["changes"][0]) == {"from", "to", "reason"}
    assert set(data["fact_check"]) >= {"ok", "missing", "added"}
    assert set(data["readability"]) == {"before", "after"}


def test_acceptance_p99() -> None:
    proc = run(
        "translate",
        "--audience",
        "executive",
        "--json",
        "We cut p99 latency from 800ms to 200ms across 3 regions.",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["fact_check"]["missing"] == [] and data["fact_check"]["added"] == []
    assert "p99" in {j["term"] for j in data["jargon"]}


def test_stdin_and_several_audiences(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Recall rose to 91%.")))
    code = main(["translate", "-a", "executive", "-a", "sales", "--json", "--engine", "offline", "-"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["audience"] for d in data] == ["executive", "sales"]


def test_text_output_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--engine", "offline", "Our model has high recall but low precision."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[offline] for executive")
    assert "Fact check: ok" in out


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["translate", "   "], {}, 2, "Nothing to translate"),
        (["translate", "x" * 20_001], {}, 2, "limit is 20,000"),
        (["translate", "--audience", "martians", "hello"], {}, 2, "Unknown audience 'martians'"),
        (["translate", "--engine", "llm", "hello"], {}, 2, "OPENAI_API_KEY"),
        (["translate"], {}, 2, "coach:"),
        (
            ["translate", "--engine", "llm", "hello"],
            {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "COACH_MAX_RETRIES": "0", "COACH_DEADLINE": "20"},
            3,
            "127.0.0.1:9",
        ),
    ],
)
def test_errors_are_one_line_with_the_right_exit_code(
    args: list[str], env: dict[str, str], code: int, message: str
) -> None:
    proc = run(*args, env=env)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_binary_stdin_is_rejected() -> None:
    proc = run("translate", "-", stdin="\x00\x01\x02" * 100)
    assert proc.returncode == 2
    assert "binary" in proc.stderr


def test_a_malformed_setting_is_one_line_naming_the_variable() -> None:
    proc = run("translate", "hello", env={"COACH_TEMPERATURE": "abc"})
    assert proc.returncode == 2
    assert "COACH_TEMPERATURE" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_team_glossary_overrides_the_builtin_wording(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(
        "version: 1\nterms:\n"
        "  - term: recall\n    category: ml\n    plain: catch rate\n    style: replace\n"
        "  - term: Zephyr\n    category: infrastructure\n    plain: our internal job scheduler\n    style: explain\n",
        encoding="utf-8",
    )
    proc = run("translate", "--json", "Recall rose after Zephyr moved the jobs.", env={"COACH_GLOSSARY": str(team)})
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["rewrite"].startswith("Catch rate rose")
    assert "Zephyr (our internal job scheduler)" in data["rewrite"]


def test_a_team_glossary_with_a_typo_is_one_line_naming_file_and_field(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("version: 1\nterms:\n  - term: recall\n    categry: ml\n    plain: catch rate\n", encoding="utf-8")
    proc = run("translate", "hello", env={"COACH_GLOSSARY": str(team)})
    assert proc.returncode == 2
    assert "team.yaml" in proc.stderr
    assert "categry" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
