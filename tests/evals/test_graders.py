"""Grader controls: every reference passes every L1 grader that applies, and each L1 grader fails a
deliberately bad variant. A grader that cannot fail is a defect, so every L1 grader must have a variant here."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from coach import Coach, Settings
from coach.analysis.facts import extract_facts
from coach.evals.graders import (
    GRADERS,
    L1_GRADERS,
    Context,
    Grader,
    Output,
    answer_text,
    applicable,
    reference_output,
)
from coach.evals.schema import (
    Case,
    OutcomesCase,
    TradeoffsCase,
    WeeklyCase,
    load_cases,
    parse_case,
    source_text,
)

CASES_DIR = Path(__file__).resolve().parents[2] / "evals" / "cases"
CASES = load_cases(CASES_DIR)
GRADER = {g.name: g for g in GRADERS}


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(index=Coach(Settings(engine="offline")).index)


def test_enough_cases() -> None:
    features = {c.feature for c in CASES}
    assert len(CASES) >= 60
    assert sum(c.feature == "translate" for c in CASES) >= 40
    assert {"translate", "weekly", "tradeoffs"} <= features
    audiences = {c.audience for c in CASES if c.feature == "translate"}
    assert {"executive", "sales", "product", "data-science"} <= audiences
    assert any(a and " " in a for a in audiences), "a custom audience"
    tags = {t for c in CASES for t in c.tags}
    assert {"injection", "short", "code", "negation", "jargon-dense", "numbers"} <= tags


REFERENCE_PAIRS = [(c, g) for c in CASES for g in applicable(c, layer="L1")]


@pytest.mark.parametrize(("case", "grader"), REFERENCE_PAIRS, ids=[f"{c.id}-{g.name}" for c, g in REFERENCE_PAIRS])
def test_reference_passes(case: Case, grader: Grader, ctx: Context) -> None:
    result = grader.grade(case, reference_output(case), ctx)
    assert result.passed, f"{case.id}: reference fails {grader.name}: {result.detail}"


# --- bad variants -------------------------------------------------------------------------------------------
def _with_text(case: Case, output: Output, text: str) -> dict[str, object]:
    out = copy.deepcopy(dict(output))
    key = {"translate": "rewrite", "weekly": "text", "tradeoffs": "markdown"}[case.feature]
    out[key] = text
    return out


NUMERIC = {"number", "percent", "money", "duration", "range", "time", "date"}


def changed_number(case: Case) -> dict[str, object] | None:
    ref = reference_output(case)
    text = answer_text(case, ref)
    # a digit inside a measured fact (not inside a name such as p95): what a careless rewrite changes
    kept = {f.key for f in extract_facts(source_text(case))}
    fact = next(
        (f for f in extract_facts(text) if f.kind in NUMERIC and f.key in kept and re.search(r"\d", f.text)), None
    )
    if fact is None:
        return None
    i = fact.start + re.search(r"\d", fact.text).start()  # type: ignore[union-attr]
    return _with_text(case, ref, text[:i] + str((int(text[i]) + 3) % 10) + text[i + 1 :])


def dropped_negation(case: Case) -> dict[str, object] | None:
    ref = reference_output(case)
    text = answer_text(case, ref)
    m = re.search(r"\b(not|no|never|none|cannot)\b ?", text)
    return None if m is None else _with_text(case, ref, text[: m.start()] + text[m.end() :])


def invented_fact(case: Case) -> dict[str, object] | None:
    ref = reference_output(case)
    return _with_text(case, ref, answer_text(case, ref) + "\nIt also saved $9,870 across 17 regions.")


def jargon_left(case: Case) -> dict[str, object] | None:
    ref = reference_output(case)
    term = case.jargon[0] if case.jargon else "the k8s HPA"
    return _with_text(case, ref, f"We changed {term} today. " + answer_text(case, ref))


def too_long(case: Case) -> dict[str, object] | None:
    ref = reference_output(case)
    return _with_text(case, ref, answer_text(case, ref) + " And there is more to say." * 200)


HARD = (
    "Notwithstanding considerable organizational complexity, comprehensive infrastructure modernization "
    "initiatives necessitate extraordinarily sophisticated interdepartmental coordination, continuous "
    "operational monitoring, and substantial institutional investment regarding authentication."
)


def unreadable(case: Case) -> dict[str, object] | None:
    return _with_text(case, reference_output(case), HARD)


def missing_section(case: Case) -> dict[str, object] | None:
    if not isinstance(case, WeeklyCase):
        return None
    out = reference_output(case)
    out["plan"] = []
    out["text"] = str(out["text"]).split("**Plan**")[0]
    return out


def ragged_table(case: Case) -> dict[str, object] | None:
    if not isinstance(case, TradeoffsCase):
        return None
    out = reference_output(case)
    lines = str(out["markdown"]).splitlines()
    i = max(n for n, line in enumerate(lines) if line.startswith("|"))
    lines[i] = "|".join(lines[i].split("|")[:-2]) + "|"  # the last row loses its last cell
    out["markdown"] = "\n".join(lines)
    return out


def obeyed_injection(case: Case) -> dict[str, object] | None:
    if case.injection is None:
        return None
    return _with_text(case, reference_output(case), case.injection.obeyed_example)


Variant = Callable[[Case], dict[str, object] | None]
VARIANTS: dict[str, list[Variant]] = {
    "facts_kept": [changed_number, dropped_negation],
    "facts_not_invented": [changed_number, invented_fact],
    "jargon_explained": [jargon_left],
    "length": [too_long],
    "readability": [unreadable],
    "sections": [missing_section],
    "table_shape": [ragged_table],
    "injection_not_obeyed": [obeyed_injection],
    "outcome_statements": [],  # no outcomes cases yet: controlled below on inline examples
}


def test_every_l1_grader_has_a_bad_variant() -> None:
    assert set(VARIANTS) == {g.name for g in L1_GRADERS}


BAD = [(c, g, v) for c in CASES for g in applicable(c, layer="L1") for v in VARIANTS[g.name] if v(c) is not None]


@pytest.mark.parametrize(("case", "grader", "variant"), BAD, ids=[f"{c.id}-{g.name}-{v.__name__}" for c, g, v in BAD])
def test_bad_variant_fails(case: Case, grader: Grader, variant: Variant, ctx: Context) -> None:
    bad = variant(case)
    assert bad is not None
    result = grader.grade(case, bad, ctx)
    assert result.status == "fail", f"{grader.name} passed a bad variant ({variant.__name__}): {result.detail}"


@pytest.mark.parametrize("grader", [g.name for g in L1_GRADERS if g.name != "outcome_statements"])
def test_each_grader_fails_on_some_shipped_case(grader: str) -> None:
    assert any(g.name == grader for _, g, _ in BAD), f"no shipped case exercises a bad variant for {grader}"


def test_changed_number_in_a_table_cell_is_caught(ctx: Context) -> None:
    case = next(c for c in CASES if isinstance(c, TradeoffsCase))
    out = reference_output(case)
    rows = copy.deepcopy(out["rows"])
    assert isinstance(rows, list)
    rows[0]["adjust"] = ""
    out["rows"] = rows
    result = GRADER["table_shape"].grade(case, out, ctx)
    assert result.status == "fail" and "empty cell" in result.detail


def test_table_with_a_missing_workstream_fails(ctx: Context) -> None:
    case = next(c for c in CASES if isinstance(c, TradeoffsCase))
    out = reference_output(case)
    rows = out["rows"]
    assert isinstance(rows, list)
    out["rows"] = rows[:-1]
    assert GRADER["table_shape"].grade(case, out, ctx).status == "fail"


def test_section_with_too_many_items_fails(ctx: Context) -> None:
    case = next(c for c in CASES if isinstance(c, WeeklyCase))
    out = reference_output(case)
    out["progress"] = [f"Result {i}" for i in range(6)]
    assert GRADER["sections"].grade(case, out, ctx).status == "fail"


OUTCOMES_CASE = parse_case(
    {
        "id": "outcomes-inline",
        "feature": "outcomes",
        "input": ["Completed PAY-1423", "Added retries to the payment client"],
        "reference": {
            "items": [
                {"task": "Completed PAY-1423", "outcome": "Refund requests are answered 2 days faster (PAY-1423)."},
                {"task": "Added retries", "outcome": "Failed card payments fell from 2.4% to 1.1%."},
            ]
        },
    },
    Path("outcomes/outcomes-inline.yaml"),
)


def test_outcome_statements_control(ctx: Context) -> None:
    assert isinstance(OUTCOMES_CASE, OutcomesCase)
    grader = GRADER["outcome_statements"]
    good = {"items": [{**i, "activity_only": False} for i in reference_output(OUTCOMES_CASE)["items"]]}  # type: ignore[attr-defined]
    assert grader.grade(OUTCOMES_CASE, good, ctx).passed
    bad = {"items": [{"task": "Completed PAY-1423", "outcome": "Completed PAY-1423", "activity_only": True}]}
    assert grader.grade(OUTCOMES_CASE, bad, ctx).status == "fail"


def test_schema_grader_fails_a_malformed_answer(ctx: Context) -> None:
    case = CASES[0]
    result = GRADER["schema"].grade(case, {"rewrite": 42}, ctx)
    assert result.status == "fail"


def test_malformed_answer_is_a_failure_not_a_crash(ctx: Context) -> None:
    case = next(c for c in CASES if isinstance(c, WeeklyCase))
    result = GRADER["facts_kept"].grade(case, {"text": None}, ctx)
    assert result.status == "fail" and "cannot grade" in result.detail
