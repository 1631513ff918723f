"""`coach eval` end to end: reports, exit codes, --cases, typos, compare, and live mode on a loopback server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply

from coach import Coach, Settings
from coach.cli import main
from coach.evals.features import EVAL_WEEK, feature_spec
from coach.evals.schema import OutcomesCase, load_case
from coach.evals.shapes import OutcomesShape, WeeklyShape

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "evals" / "cases"
BASELINE = ROOT / "evals" / "baseline" / "offline.json"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "COACH_ENGINE", "COACH_MODEL", "COACH_GLOSSARY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env, and relative paths land in tmp


def report(directory: Path) -> dict[str, object]:
    data = json.loads((directory / "report.json").read_text())
    assert isinstance(data, dict)
    return data


def cases_of(data: dict[str, object]) -> dict[str, dict[str, object]]:
    cases = data["cases"]
    assert isinstance(cases, list)
    return {c["id"]: c for c in cases}


# --- offline -------------------------------------------------------------------------------------------------
def test_offline_run_writes_three_reports_and_exit_reflects_gates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["eval", "--engine", "offline", "--cases", str(CASES), "--report", str(out)])
    printed = capsys.readouterr().out
    assert {p.name for p in out.iterdir()} >= {"report.json", "summary.md", "junit.xml"}
    data = report(out)
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert code == (1 if summary["gate_failures"] else 0)
    assert "translate" in printed and "grader" in printed and "facts_kept" in printed
    by_id = cases_of(data)
    for feature in ("outcomes", "weekly", "tradeoffs", "uncertainty"):  # registered: run and graded, never skipped
        ran = [c for c in by_id.values() if c["feature"] == feature]
        assert ran and all(c["status"] in {"pass", "fail"} for c in ran), feature
    translate = next(c for c in by_id.values() if c["feature"] == "translate")
    judge = {g: s for g, s in translate["graders"].items() if g.startswith("judge.")}  # type: ignore[union-attr]
    assert judge and set(judge.values()) == {"skipped"}  # L2 never counts as a pass offline
    junit = (out / "junit.xml").read_text()
    assert "<testsuite" in junit and 'name="evals.translate"' in junit
    assert "# coach eval" in (out / "summary.md").read_text()


def test_offline_run_matches_the_committed_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "eval",
            "--engine",
            "offline",
            "--cases",
            str(CASES),
            "--report",
            str(tmp_path / "o"),
            "--baseline",
            str(BASELINE),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "pass → fail: 0" in printed


CUSTOM = """\
id: {id}
feature: translate
audience: executive
input: "Revenue grew 5% this quarter."
reference: "Revenue grew 5% this quarter."
facts: ["{fact}"]
limits: {{max_words: 20}}
severity: {severity}
"""


def write_case(directory: Path, name: str, *, fact: str = "5%", severity: str = "gate") -> Path:
    path = directory / "translate" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CUSTOM.format(id=name, fact=fact, severity=severity))
    return path


def test_cases_dir_with_a_custom_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "mycases"
    write_case(cases, "revenue-growth")
    assert main(["eval", "--engine", "offline", "--cases", str(cases), "--report", str(tmp_path / "r")]) == 0
    write_case(cases, "needs-a-fact-it-lacks", fact="7%", severity="warn")
    assert main(["eval", "--engine", "offline", "--cases", str(cases), "--report", str(tmp_path / "r")]) == 0
    write_case(cases, "gate-fails", fact="7%")
    assert main(["eval", "--engine", "offline", "--cases", str(cases), "--report", str(tmp_path / "r")]) == 1
    data = cases_of(report(tmp_path / "r"))
    assert data["gate-fails"]["status"] == "fail"
    assert data["gate-fails"]["graders"]["facts_kept"] == "fail"  # type: ignore[index]
    capsys.readouterr()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("facs: ['5%']\n", "facs"),
        ("limits: {max_word: 20}\n", "limits.max_word"),
        ("severity: blocker\n", "severity"),
    ],
)
def test_typo_in_a_case_is_exit_2_naming_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, field: str
) -> None:
    cases = tmp_path / "c"
    path = cases / "translate" / "typo.yaml"
    path.parent.mkdir(parents=True)
    body = "id: typo\nfeature: translate\naudience: executive\ninput: x\nreference: y\n" + text
    path.write_text(body)
    assert main(["eval", "--engine", "offline", "--cases", str(cases), "--report", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(path) in err and f"'{field}'" in err


def test_unknown_feature_and_missing_dir_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c" / "x" / "bad.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("id: bad\nfeature: translat\n")
    assert main(["eval", "--engine", "offline", "--cases", str(tmp_path / "c")]) == 2
    assert "translat" in capsys.readouterr().err
    assert main(["eval", "--engine", "offline", "--cases", str(tmp_path / "nowhere")]) == 2


def test_llm_engine_without_endpoint_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--engine", "llm", "--cases", str(CASES)]) == 2
    assert "OPENAI_BASE_URL" in capsys.readouterr().err


def test_compare_lists_flips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def rep(statuses: dict[str, str]) -> Path:
        path = tmp_path / f"r{len(list(tmp_path.iterdir()))}.json"
        case = {"id": "c1", "feature": "translate", "severity": "gate", "status": "x", "graders": statuses, "runs": []}
        path.write_text(json.dumps({"cases": [case]}))
        return path

    base = rep({"facts_kept": "pass", "length": "fail", "jargon_explained": "pass"})
    new = rep({"facts_kept": "fail", "length": "pass", "jargon_explained": "pass"})
    assert main(["eval", "compare", str(base), str(new)]) == 1
    out = capsys.readouterr().out
    assert "c1 · facts_kept: pass → fail" in out
    assert "c1 · length: fail → pass" in out
    assert "jargon_explained" not in out
    assert main(["eval", "compare", str(new), str(new)]) == 0
    assert main(["eval", "compare", str(base), str(tmp_path / "missing.json")]) == 2


# --- live mode against a scripted OpenAI-compatible server ---------------------------------------------------
LIVE_CASE = """\
id: {id}
feature: translate
audience: executive
input: "Checkout errors fell from 4% to 1% after the fix (PAY-{n})."
reference: "Fewer customers hit checkout errors: 1% instead of 4% since the fix (PAY-{n})."
facts: ["4%", "1%", "PAY-{n}"]
limits: {{max_words: 40}}
rubric:
  - Leads with the customer impact.
  - Keeps both percentages.
"""


def live_cases(directory: Path, n: int) -> Path:
    for i in range(n):
        path = directory / "translate" / f"live-{i}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(LIVE_CASE.format(id=f"live-{i}", n=100 + i))
    return directory


def _text(body: dict[str, object]) -> str:
    messages = body["messages"]
    assert isinstance(messages, list)
    return "\n".join(str(m.get("content")) for m in messages)


def is_judge(body: dict[str, object]) -> bool:
    return "strict grader" in _text(body)


def translate_answer(body: dict[str, object], *, keep: bool = True) -> dict[str, object]:
    last = str(body["messages"][-1]["content"])  # type: ignore[index]
    ticket = re.search(r"PAY-\d+", last)
    assert ticket
    rewrite = f"Fewer customers hit checkout errors: 1% instead of {'4%' if keep else 'before'} ({ticket.group()})."
    return {"rewrite": rewrite, "changes": [], "why_it_matters": "Customers complete purchases."}


def judge_answer(body: dict[str, object]) -> dict[str, object]:
    last = str(body["messages"][-1]["content"])  # type: ignore[index]
    n = len(re.findall(r"(?m)^\d+\. ", last.split("Source text:")[0]))
    return {"verdicts": [{"criterion": i, "reason": "ok", "answer": "yes"} for i in range(1, n + 1)]}


def live_env(monkeypatch: pytest.MonkeyPatch, server: LLMServer) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("COACH_MODEL", "test-model")
    monkeypatch.setenv("COACH_MAX_RETRIES", "0")


def live_run(tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "eval",
            "--engine",
            "llm",
            "--cases",
            str(tmp_path / "cases"),
            "--report",
            str(tmp_path / "out"),
            "--cache",
            str(tmp_path / "cache"),
            *extra,
        ]
    )


def test_live_run_with_judge_then_cache_hit_makes_no_requests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live_cases(tmp_path / "cases", 3)
    with LLMServer(lambda body: judge_answer(body) if is_judge(body) else translate_answer(body)) as server:
        live_env(monkeypatch, server)
        assert live_run(tmp_path, "--judge", "--concurrency", "3") == 0
        first = len(server.requests)
        assert first == 6  # 3 answers + 3 judge verdicts
        judge_requests = [b for b in server.requests if is_judge(b)]
        assert {b.get("temperature") for b in judge_requests} == {0.0}
        data = report(tmp_path / "out")
        run = data["run"]
        assert isinstance(run, dict)
        assert run["prompts"]["judge"] and run["prompts"]["translate"]  # type: ignore[index]
        case = cases_of(data)["live-0"]
        runs = case["runs"]
        assert isinstance(runs, list)
        assert runs[0]["tokens"]["total"] > 0 and runs[0]["latency_s"] > 0
        assert runs[0]["prompt_hash"] == run["prompts"]["translate"]  # type: ignore[index]
        assert case["graders"]["judge.1"] == "pass"  # type: ignore[index]

        assert live_run(tmp_path, "--judge") == 0
        assert len(server.requests) == first  # everything came from the cache
        assert all(r["cached"] for c in cases_of(report(tmp_path / "out")).values() for r in c["runs"])  # type: ignore[union-attr]
    capsys.readouterr()


def test_judge_answer_that_does_not_parse_is_an_error_never_a_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live_cases(tmp_path / "cases", 1)
    with LLMServer(
        lambda body: Reply(content="I think it is fine, yes!") if is_judge(body) else translate_answer(body)
    ) as server:
        live_env(monkeypatch, server)
        assert live_run(tmp_path, "--judge", "--no-cache") == 1
        assert sum(is_judge(b) for b in server.requests) == 2  # the answer, then one re-ask
    case = cases_of(report(tmp_path / "out"))["live-0"]
    assert case["status"] == "error"
    assert case["graders"]["judge.1"] == "error" and case["graders"]["judge.2"] == "error"  # type: ignore[index]
    assert case["graders"]["facts_kept"] == "pass"  # type: ignore[index]
    capsys.readouterr()


def test_judge_that_skips_a_criterion_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live_cases(tmp_path / "cases", 1)
    partial = {"verdicts": [{"criterion": 1, "reason": "ok", "answer": "yes"}]}
    with LLMServer(lambda body: partial if is_judge(body) else translate_answer(body)) as server:
        live_env(monkeypatch, server)
        assert live_run(tmp_path, "--judge", "--no-cache") == 1
    graders = cases_of(report(tmp_path / "out"))["live-0"]["graders"]
    assert graders["judge.1"] == "error"  # type: ignore[index]
    capsys.readouterr()


def test_repeat_reports_pass_rate_and_flaky(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live_cases(tmp_path / "cases", 1)
    calls: list[int] = []

    def flaky_model(body: dict[str, object]) -> dict[str, object]:
        calls.append(1)
        return translate_answer(body, keep=len(calls) % 2 == 1)  # every other answer drops "4%"

    with LLMServer(flaky_model) as server:
        live_env(monkeypatch, server)
        assert live_run(tmp_path, "--repeat", "4", "--concurrency", "1") == 1
        assert len(server.requests) == 4
        case = cases_of(report(tmp_path / "out"))["live-0"]
        assert case["pass_rate"] == 0.5 and case["flaky"] is True
        assert "flaky (1): live-0" in capsys.readouterr().out
        assert live_run(tmp_path, "--repeat", "4") == 1  # repeats are cached one by one
        assert len(server.requests) == 4


def test_model_failure_is_a_case_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live_cases(tmp_path / "cases", 2)
    with LLMServer(lambda body: Reply(status=500)) as server:
        live_env(monkeypatch, server)
        assert live_run(tmp_path, "--no-cache") == 1
    data = cases_of(report(tmp_path / "out"))
    assert {c["status"] for c in data.values()} == {"error"}
    capsys.readouterr()


# --- registered features ---------------------------------------------------------------------------------------
def _offline_coach(tmp_path: Path) -> Coach:
    return Coach(Settings(engine="offline", db_url=f"sqlite:///{tmp_path / 'never.db'}"))


def test_outcomes_and_weekly_are_registered_with_their_prompts() -> None:
    for feature in ("outcomes", "weekly", "tradeoffs", "uncertainty"):
        spec = feature_spec(feature)
        assert spec is not None and spec.prompt == feature
        assert (ROOT / "prompts" / f"{feature}.yaml").is_file()
    practice = feature_spec("practice")
    assert practice is not None and practice.prompt == "practice"


def test_outcomes_feature_maps_case_to_result(tmp_path: Path) -> None:
    case = load_case(CASES / "outcomes" / "outcomes-mixed-bullets.yaml")
    spec = feature_spec("outcomes")
    assert spec is not None and isinstance(case, OutcomesCase)
    out = spec.run(_offline_coach(tmp_path), case)
    OutcomesShape.model_validate(out)
    assert out["engine"] == "offline"
    items = out["items"]
    assert isinstance(items, list) and [i["task"] for i in items] == [i.task for i in case.reference.items]
    json.dumps(out)  # JSON-ready for the report


def test_weekly_feature_uses_notes_and_reader_not_the_database(tmp_path: Path) -> None:
    case = load_case(CASES / "weekly" / "weekly-hiring-none.yaml")
    spec = feature_spec("weekly")
    assert spec is not None
    coach = _offline_coach(tmp_path)
    out = spec.run(coach, case)
    WeeklyShape.model_validate(out)
    assert out["reader"] == "executive" and out["week"] == EVAL_WEEK and out["format"] == "markdown"
    assert "store" not in coach.__dict__ and not (tmp_path / "never.db").exists()  # notes mode: no database
    text = str(out["text"])
    for fact in ("3 final round interviews", "none successful", "14"):
        assert fact in text
    manager = load_case(CASES / "weekly" / "weekly-platform-migration.yaml")
    assert manager.audience is None and spec.run(coach, manager)["reader"] == "manager"
    assert spec.run(coach, case) == out  # deterministic: the baseline does not drift with the calendar


def test_only_registered_features_run_and_the_others_are_not_built_yet() -> None:
    assert feature_spec("weekly") is not None and feature_spec("outcomes") is not None
    assert feature_spec("no-such-feature") is None
