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
from coach.errors import DataError
from coach.evals.graders import (
    GRADERS,
    L1_GRADERS,
    Context,
    Grader,
    Output,
    answer_text,
    applicable,
    factual_text,
    reference_output,
)
from coach.evals.schema import (
    Case,
    OutcomesCase,
    PracticeCase,
    TradeoffsCase,
    TranslateCase,
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
    assert {"translate", "weekly", "tradeoffs", "outcomes"} <= features
    assert sum(c.feature == "outcomes" for c in CASES) >= 10
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
    if isinstance(case, OutcomesCase):  # the text is the outcomes, one per line: put each line back in its item
        items = out["items"]
        assert isinstance(items, list)
        lines = text.split("\n")
        lines = [*lines[: len(items) - 1], " ".join(lines[len(items) - 1 :])]
        for item, line in zip(items, lines, strict=False):
            item["outcome"] = line
        return out
    key = {
        "translate": "rewrite",
        "weekly": "text",
        "tradeoffs": "markdown",
        "uncertainty": "text",
        "practice": "better_answer",
    }[case.feature]
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
    # "— result not stated yet" is the outcomes feature's label on an activity, not a negation of the work
    m = re.search(r"\b(not|no|never|none|cannot)\b(?! stated yet) ?", text)
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


def _outcome_items(case: Case) -> list[dict[str, object]] | None:
    if not isinstance(case, OutcomesCase):
        return None
    items = reference_output(case)["items"]
    assert isinstance(items, list)
    return items


def unmarked_activity(case: Case) -> dict[str, object] | None:
    """(a) an activity-only task passed off as an outcome: activity_only false, the activity restated."""
    items = _outcome_items(case)
    i = next((n for n, item in enumerate(items or []) if item["activity_only"]), None)
    if items is None or i is None:
        return None
    items[i] = {**items[i], "outcome": items[i]["task"], "activity_only": False, "question": None}
    return {"engine": "offline", "items": items}


def no_question(case: Case) -> dict[str, object] | None:
    """(b) an item labelled activity-only that does not ask what would make it an outcome."""
    items = _outcome_items(case)
    if items is None:
        return None
    items[0] = {**items[0], "activity_only": True, "question": None}
    return {"engine": "offline", "items": items}


def invented_result(case: Case) -> dict[str, object] | None:
    """(c) an outcome that states a result its task does not."""
    items = _outcome_items(case)
    if items is None:
        return None
    items[-1] = {**items[-1], "outcome": f"{items[-1]['outcome']}, saving $9,870 a month"}
    return {"engine": "offline", "items": items}


def misread_draft(case: Case) -> dict[str, object] | None:
    """A check report that says the opposite of the reviewer about the outcome coming first."""
    if case.feature != "check":
        return None
    out = reference_output(case)
    return {**out, "outcome_first": not out["outcome_first"]}


def missed_problem(case: Case) -> dict[str, object] | None:
    """A check report that misses the reviewer's first problem (or, for a ready draft, invents one)."""
    if case.feature != "check":
        return None
    out = reference_output(case)
    if out["suggestions"]:
        return {**out, "suggestions": out["suggestions"][1:]}  # type: ignore[index]
    return {**out, "suggestions": [{"kind": "length", "text": "Cut it."}]}


def scores_out_of_range(case: Case) -> dict[str, object] | None:
    """A practice score outside the range the case expects (every expected criterion moved out of its range)."""
    if not isinstance(case, PracticeCase) or not case.reference.scores:
        return None
    out = reference_output(case)
    moved = {c: (lo - 1 if lo > 1 else hi + 1) for c, (lo, hi) in case.reference.scores.items() if (lo, hi) != (1, 5)}
    return {**out, "scores": {**out["scores"], **moved}} if moved else None  # type: ignore[dict-item]


def buried_lead(case: Case) -> dict[str, object] | None:
    if not isinstance(case, TranslateCase) or not case.lead:
        return None
    sentences = re.split(r"(?<=[.!?])\s+", case.reference.strip())
    if len(sentences) < 2:
        return {**reference_output(case), "rewrite": "We did some work this week. " + case.reference}
    return {**reference_output(case), "rewrite": " ".join([*sentences[1:], sentences[0]])}


def forbidden_shape(case: Case) -> dict[str, object] | None:
    if not isinstance(case, TranslateCase):
        return None
    literal = [p for p in case.forbidden if re.fullmatch(r"[\w\s'’-]+", p)]
    if not literal:
        return None
    return {**reference_output(case), "rewrite": f"{case.reference} {literal[0]}"}


def nothing_flagged(case: Case) -> dict[str, object] | None:
    return {**reference_output(case), "jargon": []} if isinstance(case, TranslateCase) and case.flagged else None


def no_why(case: Case) -> dict[str, object] | None:
    return {**reference_output(case), "why_it_matters": None} if isinstance(case, TranslateCase) else None


Variant = Callable[[Case], dict[str, object] | None]
VARIANTS: dict[str, list[Variant]] = {
    "lead": [buried_lead],
    "forbidden": [forbidden_shape],
    "flagged": [nothing_flagged],
    "why_it_matters": [no_why],
    "facts_kept": [changed_number, dropped_negation],
    "facts_not_invented": [changed_number, invented_fact],
    "jargon_explained": [jargon_left],
    "length": [too_long],
    "readability": [unreadable],
    "sections": [missing_section],
    "table_shape": [ragged_table],
    "injection_not_obeyed": [obeyed_injection],
    "outcome_statements": [unmarked_activity, no_question, invented_result],
    "score_ranges": [scores_out_of_range],
    "check_report": [misread_draft, missed_problem],
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


@pytest.mark.parametrize("grader", [g.name for g in L1_GRADERS])
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
        "input": ["- Completed PAY-1423", "Added retries to the payment client, cutting failed payments by 40%"],
        "reference": {
            "items": [
                {
                    "task": "Completed PAY-1423",
                    "outcome": "Completed PAY-1423 — result not stated yet",
                    "activity_only": True,
                    "question": "What did PAY-1423 change, and for whom?",
                },
                {
                    "task": "Added retries to the payment client, cutting failed payments by 40%",
                    "outcome": "Cut failed payments by 40% by adding retries to the payment client",
                },
            ]
        },
    },
    Path("outcomes/outcomes-inline.yaml"),
)
HONEST = {
    "task": "Completed PAY-1423",
    "outcome": "Completed PAY-1423 — result not stated yet",
    "activity_only": True,
    "question": "What did PAY-1423 change, and for whom?",
}
RESULT = {
    "task": "Added retries to the payment client, cutting failed payments by 40%",
    "outcome": "Cut failed payments by 40% by adding retries to the payment client",
    "activity_only": False,
    "question": None,
}


def _grade_items(ctx: Context, *items: dict[str, object]) -> tuple[str, str]:
    result = GRADER["outcome_statements"].grade(OUTCOMES_CASE, {"engine": "llm", "items": list(items)}, ctx)
    return result.status, result.detail


def test_outcome_statements_reference_and_bad_variant(ctx: Context) -> None:
    assert isinstance(OUTCOMES_CASE, OutcomesCase)
    grader = GRADER["outcome_statements"]
    assert grader.grade(OUTCOMES_CASE, reference_output(OUTCOMES_CASE), ctx).passed
    bad = {"engine": "llm", "items": [{**HONEST, "activity_only": False, "question": None}, RESULT]}
    assert grader.grade(OUTCOMES_CASE, bad, ctx).status == "fail"


def test_honest_activity_only_item_passes(ctx: Context) -> None:
    status, detail = _grade_items(ctx, HONEST, RESULT)
    assert status == "pass", detail
    assert "1 honestly activity-only" in detail
    # without the label, and with the task restated in other words, it is still honest
    plain = {**HONEST, "outcome": "Finished PAY-1423"}
    assert _grade_items(ctx, plain, RESULT)[0] == "pass"


def test_activity_passed_off_as_an_outcome_fails(ctx: Context) -> None:  # (a)
    status, detail = _grade_items(ctx, {**HONEST, "outcome": "Completed PAY-1423", "activity_only": False}, RESULT)
    assert status == "fail" and "item 1 is marked as an outcome but states only an activity" in detail


def test_activity_only_item_without_a_question_fails(ctx: Context) -> None:  # (b)
    for question in (None, "", "   "):
        status, detail = _grade_items(ctx, {**HONEST, "question": question}, RESULT)
        assert status == "fail" and "item 1 is activity-only but asks no question" in detail


def test_outcome_that_invents_a_number_fails(ctx: Context) -> None:  # (c)
    invented = {**HONEST, "outcome": "Refunds are answered 2 days faster (PAY-1423)", "activity_only": False}
    status, detail = _grade_items(ctx, invented, RESULT)
    assert status == "fail" and "item 1 states what its task does not: 2 days" in detail
    changed = {**RESULT, "outcome": "Cut failed payments by 45% by adding retries to the payment client"}
    status, detail = _grade_items(ctx, HONEST, changed)
    assert status == "fail" and "item 2 states what its task does not: 45%" in detail


def test_activity_only_item_that_claims_a_result_fails(ctx: Context) -> None:  # (c), without a number
    claimed = {**HONEST, "outcome": "Completed PAY-1423, so customers now get refunds faster"}
    status, detail = _grade_items(ctx, claimed, RESULT)
    assert status == "fail" and "claims a result its task does not state" in detail


def test_outcome_checked_against_the_input_task_not_its_own_task_field(ctx: Context) -> None:
    rewritten = {
        **RESULT,
        "task": "Added retries, cutting failed payments by 90%",
        "outcome": "Cut failed payments by 90%",
    }
    status, detail = _grade_items(ctx, HONEST, rewritten)
    assert status == "fail" and "90%" in detail


def test_an_item_per_task(ctx: Context) -> None:
    status, detail = _grade_items(ctx, HONEST)
    assert status == "fail" and "1 items for 2 tasks" in detail
    assert _grade_items(ctx, HONEST, RESULT, RESULT)[0] == "fail"


def test_not_stated_label_is_not_an_invented_negation(ctx: Context) -> None:
    out = {"engine": "offline", "items": [HONEST, RESULT]}
    assert "not stated" not in factual_text(OUTCOMES_CASE, out)
    for name in ("facts_kept", "facts_not_invented"):
        result = GRADER[name].grade(OUTCOMES_CASE, out, ctx)
        assert result.passed, (name, result.detail)
    negated = {**HONEST, "outcome": "Did not complete PAY-1423 — result not stated yet"}
    bad = {"engine": "offline", "items": [negated, RESULT]}
    assert GRADER["facts_not_invented"].grade(OUTCOMES_CASE, bad, ctx).status == "fail"


# --- weekly ----------------------------------------------------------------------------------------------
def _weekly_case(audience: str | None = None) -> WeeklyCase:
    case = next(c for c in CASES if isinstance(c, WeeklyCase) and c.id == "weekly-hiring-none")
    return case if audience is None else case.model_copy(update={"audience": audience})


def test_weekly_labels_are_not_facts(ctx: Context) -> None:
    """The title's week, an empty section's placeholder and a "+N more" count are the feature's labels."""
    case = _weekly_case()
    out = reference_output(case)
    out["problems"] = ["No problems logged this week."]
    out["progress"] = [*case.reference.progress[:1], "+1 more: " + case.reference.progress[1]]
    out["text"] = (
        "# Weekly update — 2026-W01\n\n## Progress\n"
        + "\n".join(f"- {p}" for p in out["progress"])  # type: ignore[attr-defined]
        + "\n\n## Problems\n- No problems logged this week.\n\n## Plan\n"
        + "".join(f"- {p}" for p in case.reference.plan)
        + "\n- The head of data role is still open.\n"
    )
    for name in ("facts_kept", "facts_not_invented", "sections"):
        result = GRADER[name].grade(case, out, ctx)
        assert result.passed, (name, result.detail)
    out["text"] = str(out["text"]) + "- Budget: $40k over.\n"
    result = GRADER["facts_not_invented"].grade(case, out, ctx)
    assert result.status == "fail" and "$40k" in result.detail


def test_sections_cap_follows_the_reader(ctx: Context) -> None:
    four = [f"Result {i}" for i in range(4)]
    for reader, status in (("executive", "fail"), ("manager", "pass"), ("team", "pass")):
        case = _weekly_case(reader)
        out = {**reference_output(case), "progress": four}
        assert GRADER["sections"].grade(case, out, ctx).status == status, reader


def test_a_list_item_named_plan_is_not_a_heading(ctx: Context) -> None:
    case = _weekly_case()
    out = reference_output(case)
    out["text"] = "**Progress**\n- Plan: hire\n\n**Problems**\n- open role\n\n**Plan**\n- interview\n"
    assert GRADER["sections"].grade(case, out, ctx).passed
    out["text"] = "**Progress**\n- a\n\n**Plan**\n- b\n\n**Problems**\n- c\n"
    assert GRADER["sections"].grade(case, out, ctx).status == "fail"


def test_jargon_is_graded_only_for_an_executive_weekly_reader() -> None:
    assert GRADER["jargon_explained"].applies(_weekly_case("executive"))
    assert not GRADER["jargon_explained"].applies(_weekly_case("manager"))
    assert not GRADER["jargon_explained"].applies(_weekly_case("team"))


# --- audiences per feature ----------------------------------------------------------------------------------
def _raw(feature: str, audience: str | None) -> dict[str, object]:
    raw: dict[str, object] = {
        "translate": {"id": "c", "feature": "translate", "input": "x", "reference": "y"},
        "weekly": {
            "id": "c",
            "feature": "weekly",
            "input": ["x"],
            "reference": {"progress": ["a"], "problems": ["b"], "plan": ["c"], "text": "t"},
        },
        "outcomes": {
            "id": "c",
            "feature": "outcomes",
            "input": ["x"],
            "reference": {"items": [{"task": "x", "outcome": "y"}]},
        },
    }[feature]
    return raw if audience is None else {**raw, "audience": audience}


@pytest.mark.parametrize(
    ("feature", "audience"),
    [
        ("translate", "executive"),
        ("translate", "data-science"),
        ("translate", "a new CFO who knows SQL"),
        ("weekly", "manager"),
        ("weekly", "executive"),
        ("weekly", "team"),
        ("weekly", None),
        ("outcomes", None),
    ],
)
def test_audience_accepted(feature: str, audience: str | None) -> None:
    assert parse_case(_raw(feature, audience), Path(f"{feature}/c.yaml")).audience == audience


@pytest.mark.parametrize(
    ("feature", "audience", "message"),
    [
        ("weekly", "data-science", "'data-science' is not an audience for weekly cases (use manager, executive, team)"),
        ("weekly", "product", "use manager, executive, team"),
        ("weekly", "a busy VP", "use manager, executive, team"),
        ("translate", "manager", "'manager' is not an audience for translate cases (use executive, sales, product"),
        ("outcomes", "executive", "outcomes cases take no audience"),
    ],
)
def test_audience_rejected_with_a_clear_error(feature: str, audience: str, message: str) -> None:
    with pytest.raises(DataError) as err:
        parse_case(_raw(feature, audience), Path(f"{feature}/c.yaml"))
    assert f"{feature}/c.yaml: field 'audience': " in str(err.value) and message in str(err.value)


def test_activity_only_reference_needs_its_question() -> None:
    raw = _raw("outcomes", None)
    raw["reference"] = {"items": [{"task": "x", "outcome": "y", "activity_only": True}]}
    with pytest.raises(DataError, match="activity-only item needs its question"):
        parse_case(raw, Path("outcomes/c.yaml"))


def test_schema_grader_fails_a_malformed_answer(ctx: Context) -> None:
    case = CASES[0]
    result = GRADER["schema"].grade(case, {"rewrite": 42}, ctx)
    assert result.status == "fail"


def test_malformed_answer_is_a_failure_not_a_crash(ctx: Context) -> None:
    case = next(c for c in CASES if isinstance(c, WeeklyCase))
    result = GRADER["facts_kept"].grade(case, {"text": None}, ctx)
    assert result.status == "fail" and "cannot grade" in result.detail
