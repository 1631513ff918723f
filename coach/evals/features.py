"""Which features the eval runner can run: feature name → a function (coach, case) → the result dict.

A feature that is not registered yet is reported as skipped ("not built yet"), never as passed. When a feature
lands, it registers here with the name of its prompt file (whose hash keys the answer cache)::

    register("weekly", lambda coach, case: coach.weekly(...).model_dump(mode="json"), prompt="weekly")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coach.core import Coach
from coach.evals.schema import Case, OutcomesCase, TranslateCase, WeeklyCase

Result = dict[str, object]
FeatureFn = Callable[[Coach, Case], Result]


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    run: FeatureFn
    prompt: str | None
    """The prompts/<name>.yaml the LLM engine uses (its hash goes into cache keys and reports)."""


_REGISTRY: dict[str, FeatureSpec] = {}


def register(feature: str, run: FeatureFn, *, prompt: str | None = None) -> None:
    """Make `feature` runnable by `coach eval` (a later registration replaces an earlier one)."""
    _REGISTRY[feature] = FeatureSpec(run=run, prompt=prompt)


def feature_spec(feature: str) -> FeatureSpec | None:
    """The registered runner, or None when the feature is not built yet."""
    return _REGISTRY.get(feature)


def _translate(coach: Coach, case: Case) -> Result:
    if not isinstance(case, TranslateCase):
        raise TypeError(f"case {case.id} is not a translate case")
    return coach.translate(case.input, case.audience).model_dump(mode="json", by_alias=True)


register("translate", _translate, prompt="translate")


def _outcomes(coach: Coach, case: Case) -> Result:
    """`coach outcomes`: the case's lines are the task list. → {engine, items: [{task, outcome, activity_only,
    question}], warnings, ...} (DESIGN.md)."""
    if not isinstance(case, OutcomesCase):
        raise TypeError(f"case {case.id} is not an outcomes case")
    return coach.outcomes(list(case.input)).model_dump(mode="json")


EVAL_WEEK = "2026-W01"
"""The week every weekly case is drafted for. Fixed, so the rendered update (its title names the week) and the
baseline do not change with the calendar; the week label is boilerplate the fact graders ignore."""


def _weekly(coach: Coach, case: Case) -> Result:
    """`coach weekly --from NOTES` (notes mode: no database): the case's lines are the week's notes, its
    audience the reader (manager when left out). → {progress, problems, plan, text, ...} (DESIGN.md)."""
    if not isinstance(case, WeeklyCase):
        raise TypeError(f"case {case.id} is not a weekly case")
    notes = "\n".join(case.input)
    return coach.weekly(week=EVAL_WEEK, notes=notes, reader=case.reader, fmt="markdown").model_dump(mode="json")


register("outcomes", _outcomes, prompt="outcomes")
register("weekly", _weekly, prompt="weekly")
