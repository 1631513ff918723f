"""Which features the eval runner can run: feature name → a function (coach, case) → the result dict.

A feature that is not registered yet is reported as skipped ("not built yet"), never as passed. When a feature
lands, it registers here with the name of its prompt file (whose hash keys the answer cache)::

    register("weekly", lambda coach, case: coach.weekly(...).model_dump(mode="json"), prompt="weekly")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coach.core import Coach
from coach.evals.schema import Case, TranslateCase

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
