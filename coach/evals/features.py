"""Which features the eval runner can run: every feature in coach/registry.py, run through `Coach.run`.

A case's schema (coach/evals/schema.py) says how its input becomes the feature's inputs (`Case.inputs()`); a
feature not in the registry yet is reported as skipped ("not built yet"), never as passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coach import registry
from coach.core import Coach
from coach.evals.schema import EVAL_WEEK, Case

__all__ = ["EVAL_WEEK", "FeatureSpec", "feature_spec"]

Result = dict[str, object]
FeatureFn = Callable[[Coach, Case], Result]


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    run: FeatureFn
    prompt: str | None
    """The prompts/<name>.yaml the LLM engine uses (its hash goes into cache keys and reports)."""


def _run(coach: Coach, case: Case) -> Result:
    return coach.run(case.feature, **case.inputs()).model_dump(mode="json", by_alias=True)


def feature_spec(feature: str) -> FeatureSpec | None:
    """The runner for `feature`, or None when the registry does not have it (not built yet)."""
    if feature not in {f.name for f in registry.FEATURES}:
        return None
    return FeatureSpec(run=_run, prompt=registry.feature(feature).prompt)
