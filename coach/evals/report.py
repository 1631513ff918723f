"""A run's report — JSON (the source of truth), a Markdown summary, JUnit XML — and comparing two.

The JSON holds, per case and per run, the answer, every grader's status and detail, tokens, latency and the
prompt hash. The baseline is the same JSON without what changes on every run (timings, dates), so blessing
an unchanged suite leaves the file unchanged.
"""

from __future__ import annotations

import json
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from coach.errors import DataError

Json = dict[str, object]
JSON_NAME, MARKDOWN_NAME, JUNIT_NAME = "report.json", "summary.md", "junit.xml"
_VOLATILE_RUN = ("started_at", "wall_s", "cases_dir", "concurrency")
_VOLATILE_RUN_ENTRY = ("latency_s", "cached")
_COUNTS = ("pass", "fail", "error", "skipped")


# --- reading ----------------------------------------------------------------------------------------------
def _list(value: object) -> list[Json]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _map(value: object) -> Json:
    return value if isinstance(value, dict) else {}


def load_report(path: Path) -> Json:
    """A report (or baseline) JSON file; a DataError naming the file when it is missing or not a report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"Cannot read report {path}: {exc.strerror or exc}.") from exc
    except ValueError as exc:
        raise DataError(f"{path} is not JSON: {exc}.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise DataError(f"{path} is not a coach eval report (no 'cases' list).")
    return data


# --- writing ----------------------------------------------------------------------------------------------
def stable(report: Mapping[str, object]) -> Json:
    """The report without what differs between two runs of the same thing (timings, dates, paths)."""
    run = {k: v for k, v in _map(report.get("run")).items() if k not in _VOLATILE_RUN}
    cases = []
    for case in _list(report.get("cases")):
        runs = [{k: v for k, v in r.items() if k not in _VOLATILE_RUN_ENTRY} for r in _list(case.get("runs"))]
        cases.append({**case, "runs": runs})
    return {**report, "run": run, "cases": cases}


def write_json(path: Path, data: Mapping[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")
    os.replace(tmp, path)


def write_reports(report: Mapping[str, object], directory: Path) -> list[Path]:
    """report.json, summary.md and junit.xml in `directory` (created if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / JSON_NAME, directory / MARKDOWN_NAME, directory / JUNIT_NAME]
    write_json(paths[0], report)
    paths[1].write_text(markdown(report), encoding="utf-8")
    paths[2].write_text(junit(report), encoding="utf-8")
    return paths


# --- summary ----------------------------------------------------------------------------------------------
def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    cells = [[str(c) for c in header], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
        for r in cells
    ]


def _feature_rows(summary: Json) -> list[list[object]]:
    rows: list[list[object]] = []
    for name, feat in _map(summary.get("features")).items():
        f = _map(feat)
        note = f" ({f['note']})" if f.get("note") else ""
        rows.append([name + note, f.get("cases", 0), *(f.get(k, 0) for k in _COUNTS)])
    return rows


def _grader_rows(summary: Json) -> list[list[object]]:
    totals: dict[str, dict[str, int]] = {}
    for feat in _map(summary.get("features")).values():
        for name, counts in _map(_map(feat).get("graders")).items():
            t = totals.setdefault(name, dict.fromkeys(_COUNTS, 0))
            for k in _COUNTS:
                value = _map(counts).get(k, 0)
                t[k] += value if isinstance(value, int) else 0
    order = sorted(totals, key=lambda n: (n.startswith("judge."), n != "schema", n))
    return [[name, *(totals[name][k] for k in _COUNTS)] for name in order]


def text_summary(report: Mapping[str, object]) -> str:
    """The table `coach eval` prints: per feature, then per grader."""
    summary = _map(report.get("summary"))
    run = _map(report.get("run"))
    lines = [
        f"coach eval — engine {run.get('engine')}"
        + (f", model {run['model']}" if run.get("model") else "")
        + (f", judge {run['judge_model']}" if run.get("judge_model") else ", judge: skipped (no --judge)")
    ]
    lines += ["", *_table(["feature", "cases", *_COUNTS], _feature_rows(summary))]
    lines += ["", *_table(["grader", *_COUNTS], _grader_rows(summary))]
    tokens = _map(summary.get("tokens"))
    lines += [
        "",
        f"{summary.get('cases')} cases: {summary.get('pass')} passed, {summary.get('fail')} failed, "
        f"{summary.get('error')} errors, {summary.get('skipped')} skipped; tokens {tokens.get('total', 0)}; "
        f"wall {run.get('wall_s', '?')} s",
    ]
    gates = summary.get("gate_failures")
    if isinstance(gates, list) and gates:
        lines.append(f"gate failures ({len(gates)}): {', '.join(str(g) for g in gates)}")
    flaky = summary.get("flaky")
    if isinstance(flaky, list) and flaky:
        lines.append(f"flaky ({len(flaky)}): {', '.join(str(g) for g in flaky)}")
    return "\n".join(lines)


def _first_problem(case: Json) -> str:
    for run in _list(case.get("runs")):
        if run.get("error"):
            return str(run["error"])
        for g in _list(run.get("graders")):
            if g.get("status") in {"fail", "error"}:
                return f"{g.get('name')}: {g.get('detail')}"
    return str(case.get("note") or "")


def _md_escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown(report: Mapping[str, object]) -> str:
    summary = _map(report.get("summary"))
    run = _map(report.get("run"))
    prompts = ", ".join(f"{k} `{v}`" for k, v in _map(run.get("prompts")).items() if v) or "none (offline)"
    out = [
        "# coach eval",
        "",
        f"- engine: **{run.get('engine')}**" + (f", model `{run['model']}`" if run.get("model") else ""),
        f"- judge: {run.get('judge_model') or 'skipped (no --judge)'}; prompt hashes: {prompts}",
        f"- repeat {run.get('repeat')}, concurrency {run.get('concurrency')}, wall {run.get('wall_s')} s",
        "",
        "## By feature",
        "",
        "| feature | cases | pass | fail | error | skipped |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| {' | '.join(_md_escape(str(c)) for c in row)} |" for row in _feature_rows(summary)),
        "",
        "## By grader",
        "",
        "| grader | pass | fail | error | skipped |",
        "|---|---:|---:|---:|---:|",
        *(f"| {' | '.join(str(c) for c in row)} |" for row in _grader_rows(summary)),
    ]
    failing = [c for c in _list(report.get("cases")) if c.get("status") in {"fail", "error"}]
    if failing:
        out += [
            "",
            "## Failing cases",
            "",
            "| case | severity | pass rate | first problem |",
            "|---|---|---:|---|",
        ]
        out += [
            f"| {c.get('id')} | {c.get('severity')} | {c.get('pass_rate')} | {_md_escape(_first_problem(c))} |"
            for c in failing
        ]
    flaky = [c for c in _list(report.get("cases")) if c.get("flaky")]
    if flaky:
        out += [
            "",
            "## Flaky cases",
            "",
            *(f"- {c.get('id')}: pass rate {c.get('pass_rate')}" for c in flaky),
        ]
    return "\n".join(out) + "\n"


def junit(report: Mapping[str, object]) -> str:
    """One <testsuite> per feature, one <testcase> per case; a warn-severity failure is reported only."""
    root = ET.Element("testsuites", name="coach eval")
    suites: dict[str, ET.Element] = {}
    for case in _list(report.get("cases")):
        feature = str(case.get("feature"))
        suite = suites.get(feature)
        if suite is None:
            suite = suites[feature] = ET.SubElement(root, "testsuite", name=f"evals.{feature}")
        runs = _list(case.get("runs"))
        latency = sum(_seconds(r.get("latency_s")) for r in runs)
        tc = ET.SubElement(
            suite, "testcase", classname=f"evals.{feature}", name=str(case.get("id")), time=f"{latency:.3f}"
        )
        status, problem = case.get("status"), _first_problem(case)
        if status == "skipped":
            ET.SubElement(tc, "skipped", message=problem)
        elif status in {"fail", "error"} and case.get("severity") == "warn":
            ET.SubElement(tc, "system-out").text = f"WARN ({status}): {problem}"
        elif status == "fail":
            ET.SubElement(tc, "failure", message=problem).text = _failure_text(case)
        elif status == "error":
            ET.SubElement(tc, "error", message=problem).text = _failure_text(case)
    for suite in suites.values():
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        for tag, attr in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            suite.set(attr, str(sum(1 for tc in cases if tc.find(tag) is not None)))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _seconds(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _failure_text(case: Json) -> str:
    lines = []
    for i, run in enumerate(_list(case.get("runs")), 1):
        for g in _list(run.get("graders")):
            if g.get("status") in {"fail", "error"}:
                lines.append(f"run {i}: {g.get('name')} {g.get('status')}: {g.get('detail')}")
        if run.get("error"):
            lines.append(f"run {i}: {run['error']}")
    return "\n".join(lines)


# --- comparing two reports --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Flip:
    case: str
    grader: str
    before: str
    after: str
    severity: str

    def __str__(self) -> str:
        return f"{self.case} · {self.grader}: {self.before} → {self.after} ({self.severity})"


@dataclass(frozen=True, slots=True)
class Comparison:
    regressions: list[Flip]
    """pass → fail/error per case and grader, plus gate cases that are new and not passing."""
    fixes: list[Flip]
    """fail/error → pass."""
    added: list[str]
    removed: list[str]

    @property
    def gate_regressions(self) -> list[Flip]:
        return [f for f in self.regressions if f.severity == "gate"]

    def render(self) -> str:
        lines = [
            f"pass → fail: {len(self.regressions)}",
            *(f"  - {f}" for f in self.regressions),
            f"fail → pass: {len(self.fixes)}",
            *(f"  + {f}" for f in self.fixes),
        ]
        if self.added:
            lines.append(f"new cases: {', '.join(self.added)}")
        if self.removed:
            lines.append(f"cases no longer run: {', '.join(self.removed)}")
        return "\n".join(lines)


def compare_reports(base: Mapping[str, object], new: Mapping[str, object]) -> Comparison:
    """Flips per case and grader between two reports (a baseline and a new run, or any two runs)."""
    before = {str(c.get("id")): c for c in _list(base.get("cases"))}
    after = {str(c.get("id")): c for c in _list(new.get("cases"))}
    regressions: list[Flip] = []
    fixes: list[Flip] = []
    for cid, case in after.items():
        severity = str(case.get("severity"))
        now = {str(k): str(v) for k, v in _map(case.get("graders")).items()}
        if cid not in before:
            regressions += [
                Flip(cid, g, "(new case)", s, severity) for g, s in sorted(now.items()) if s in {"fail", "error"}
            ]
            continue
        then = {str(k): str(v) for k, v in _map(before[cid].get("graders")).items()}
        for grader in sorted(set(now) | set(then)):
            a, b = then.get(grader, "absent"), now.get(grader, "absent")
            if a == "pass" and b in {"fail", "error", "absent"}:
                regressions.append(Flip(cid, grader, a, b, severity))
            elif a in {"fail", "error"} and b == "pass":
                fixes.append(Flip(cid, grader, a, b, severity))
    return Comparison(regressions, fixes, sorted(set(after) - set(before)), sorted(set(before) - set(after)))
