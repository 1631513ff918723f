"""The feature registry: the one list the CLI's subcommands, the UI's tabs, the eval runner and `Coach.run` are
built from. Adding a feature = a package in coach/features/, a prompt file, eval cases, and one line here.

Entries name modules as strings and are imported on first use, so `coach translate` never loads the UI, the
store or the eval runner (and the CLI starts fast).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from coach.errors import InputError


@dataclass(frozen=True, slots=True)
class FeatureInfo:
    """One feature, and where each shell finds its adapter."""

    name: str
    """The id: CLI subcommand, eval `feature:`, `Coach.run(name, ...)`."""
    title: str
    """The UI tab's label."""
    summary: str
    """One line for `coach --help` and the UI."""
    package: str
    """coach.features.<name>: exports FEATURE (a flow.pipeline.Feature) and `eval_output`."""
    cli: str | None
    """Module with `register(subparsers)` for the CLI; None: no command."""
    ui: str | None
    """Module with `add_tab(coach)` for the web UI; None: no tab."""


FEATURES: tuple[FeatureInfo, ...] = (
    FeatureInfo(
        "translate",
        "Translate",
        "rewrite technical text for an audience",
        "coach.features.translate",
        "coach.cli.translate_cmd",
        "coach.ui.translate_tab",
    ),
    FeatureInfo(
        "outcomes",
        "Outcomes",
        "turn a task list into outcome statements",
        "coach.features.outcomes",
        "coach.cli.outcomes_cmd",
        "coach.ui.outcomes_tab",
    ),
    FeatureInfo(
        "weekly",
        "Weekly update",
        "draft the Progress / Problems / Plan update",
        "coach.features.weekly",
        "coach.cli.weekly_cmd",
        "coach.ui.weekly_tab",
    ),
    FeatureInfo(
        "tradeoffs",
        "Trade-offs",
        "answer unplanned work with trade-offs, not roadblocks",
        "coach.features.tradeoffs",
        "coach.cli.tradeoffs_cmd",
        "coach.ui.tradeoffs_tab",
    ),
    FeatureInfo(
        "uncertainty",
        "ML uncertainty",
        "turn experiment notes into hypotheses, learning and the next decision",
        "coach.features.uncertainty",
        "coach.cli.uncertainty_cmd",
        "coach.ui.uncertainty_tab",
    ),
    FeatureInfo(
        "practice",
        "Practice",
        "role-play a stakeholder's question; get scored against a pinned rubric",
        "coach.features.practice",
        "coach.cli.practice_cmd",
        "coach.ui.practice_tab",
    ),
    # No tab of its own: "Write your own version" is a panel inside the Translate tab (coach/ui/check_panel.py).
    FeatureInfo(
        "check",
        "Check my draft",
        "check your own draft against the original, for a reader",
        "coach.features.check",
        "coach.cli.check_cmd",
        None,
    ),
)
"""In the order the CLI's help and the UI's tabs show them."""


def info(name: str) -> FeatureInfo:
    """The registry entry for `name`; InputError listing the features otherwise."""
    for entry in FEATURES:
        if entry.name == name:
            return entry
    raise InputError(f"Unknown feature '{name}': use one of {', '.join(f.name for f in FEATURES)}.")


@cache
def package(name: str) -> Any:
    """The imported feature package (it exports FEATURE and eval_output)."""
    return importlib.import_module(info(name).package)


def feature(name: str) -> Any:
    """The feature object the pipeline runs."""
    return package(name).FEATURE
