"""Practice data: the pinned rubric (prompts/practice_rubric.yaml) and the scenarios (prompts/practice_scenarios.yaml).

Both are files a non-programmer edits, so each has a schema that rejects a typo with a message naming the field:
an unknown key, a persona the readers file does not offer, a need or follow-up that is not a known gap, a
`better` sentence with a slot the offline engine cannot fill.
"""

from __future__ import annotations

import re
from functools import cache
from string import Formatter
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coach.data import prompts_path, read_yaml
from coach.errors import InputError
from coach.readers import Signal, readers_for

Criterion = Literal["clarity", "business_impact", "concision", "jargon", "answers_question", "honest_confidence"]
CRITERIA: tuple[Criterion, ...] = get_args(Criterion)
"""The rubric's criteria, in the order results list them (DESIGN.md: `coach practice score`)."""
Gap = Literal[
    "outcome",
    "impact",
    "numbers",
    "date",
    "cause",
    "next_step",
    "confidence",
    "ask",
    "options",
    "plain_words",
    "concise",
]
"""What an answer can lack: a signal a strong answer carries (coach.readers.Signal), plain words, or brevity."""
GAPS: tuple[Gap, ...] = get_args(Gap)
SLOTS = frozenset({"when", "duration", "figure", "cost"})
"""Slots a `better` sentence may use; the user's own answer fills them (or a bracketed placeholder does)."""
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RubricCriterion(_Strict):
    """One criterion of the rubric, with the anchors a judge scores against."""

    id: Criterion = Field(description="The criterion's key in every score.")
    name: str = Field(min_length=1, description="How the criterion is named to people.")
    asks: str = Field(min_length=1, description="The question the criterion answers about an answer.")
    judged_by: Literal["rules", "model"] = Field(
        description="Who scores it in the LLM engine: rules (the same code in both engines) or the model."
    )
    weight: float = Field(gt=0, le=10, description="Its weight in the overall score.")
    anchors: dict[Literal[1, 3, 5], str] = Field(description="What an answer scoring 1, 3 and 5 looks like.")

    @field_validator("anchors")
    @classmethod
    def _all_anchors(cls, value: dict[int, str]) -> dict[int, str]:
        if set(value) != {1, 3, 5}:
            raise ValueError("give anchors for 1, 3 and 5")
        return value


class ConcisionBound(_Strict):
    ratio: float = Field(gt=0, description="Words (or sentences) over the reader's budget, at most.")
    score: int = Field(ge=1, le=5, description="The score when the ratio is at most this bound.")


class Rubric(_Strict):
    """The schema of prompts/practice_rubric.yaml."""

    version: int = Field(ge=1, description="Pinned: every score names it. Bump on any change that moves a score.")
    criteria: tuple[RubricCriterion, ...] = Field(description="Every criterion, once, in the results' order.")
    jargon_scores: tuple[int, int, int, int, int] = Field(
        description="The jargon score for 0, 1, 2, 3 and 4 or more unexplained terms."
    )
    concision_bounds: tuple[ConcisionBound, ...] = Field(
        min_length=1, description="Ratio bounds, smallest first; over the last one the score is 1."
    )
    clarity_max_grade: float = Field(gt=0, description="Reading grade above which clarity loses a point.")
    clarity_max_sentence_words: int = Field(ge=5, description="Average sentence length above which clarity loses one.")

    @model_validator(mode="after")
    def _every_criterion_once(self) -> Rubric:
        ids = [c.id for c in self.criteria]
        if sorted(ids) != sorted(CRITERIA) or len(ids) != len(set(ids)):
            raise ValueError(f"criteria must be exactly {', '.join(CRITERIA)}, each once (got {', '.join(ids)})")
        if any(not 1 <= s <= 5 for s in self.jargon_scores):
            raise ValueError("jargon_scores must be between 1 and 5")
        return self

    def criterion(self, key: Criterion) -> RubricCriterion:
        return next(c for c in self.criteria if c.id == key)

    def text(self, judged_by: Literal["rules", "model"] | None = None) -> str:
        """The criteria and their anchors as prose, for the scoring prompt."""
        lines = []
        for c in self.criteria:
            if judged_by is None or c.judged_by == judged_by:
                lines.append(f"- {c.id} ({c.name}): {c.asks}")
                lines += [f"    {score}: {c.anchors[score]}" for score in (1, 3, 5)]
        return "\n".join(lines)


def _slots(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ValueError(f"not a valid template ({exc}); write '{{{{' for a brace") from exc


class Scenario(_Strict):
    """One practice scenario: who asks, what they ask, what a strong answer carries."""

    id: str = Field(description="Identifier used on the CLI (--scenario) and in saved sessions.")
    persona: str = Field(description="The asking persona: a reader of prompts/readers.yaml used by practice.")
    title: str = Field(min_length=1, description="One line naming the scenario, for menus.")
    situation: str = Field(min_length=1, description="What the engineer is facing, shown before the question.")
    question: str = Field(min_length=1, description="The persona's opening question.")
    needs: tuple[Signal, ...] = Field(min_length=1, description="What a strong answer carries (detected by rules).")
    strong_answer: tuple[str, ...] = Field(min_length=1, description="What a strong answer contains, in words.")
    follow_ups: dict[Gap, str] = Field(
        default_factory=dict, description="The persona's follow-up when an answer lacks this (else the default)."
    )
    better: tuple[str, ...] = Field(min_length=1, description="Plain sentences for the offline better answer.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("use lower-case letters, digits and '-' only")
        return value

    @field_validator("persona")
    @classmethod
    def _known_persona(cls, value: str) -> str:
        known = readers_for("practice")
        if value not in known:
            raise ValueError(f"'{value}' is not a practice persona (use one of: {', '.join(known)})")
        return value

    @field_validator("better")
    @classmethod
    def _better_slots(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for sentence in value:
            unknown = sorted(_slots(sentence) - SLOTS)
            if unknown:
                raise ValueError(f"unknown slot {{{unknown[0]}}} (use {', '.join(sorted(SLOTS))})")
        return value

    @field_validator("follow_ups")
    @classmethod
    def _follow_up_slots(cls, value: dict[str, str]) -> dict[str, str]:
        for gap, text in value.items():
            allowed = {"term"} if gap == "plain_words" else set()
            if _slots(text) - allowed:
                raise ValueError(f"follow_ups.{gap}: only plain_words may use a slot, and only {{term}}")
        return value


class ScenarioFile(_Strict):
    """The schema of prompts/practice_scenarios.yaml."""

    version: int = Field(ge=1, description="Format version of the file.")
    default_follow_ups: dict[Gap, str] = Field(description="A follow-up for every gap, used when a scenario has none.")
    default_better: tuple[str, ...] = Field(
        min_length=1, description="Better-answer sentences for a question no scenario matches."
    )
    scenarios: tuple[Scenario, ...] = Field(min_length=12, description="The scenarios, at least 12.")

    @model_validator(mode="after")
    def _complete(self) -> ScenarioFile:
        missing = [g for g in GAPS if g not in self.default_follow_ups]
        if missing:
            raise ValueError(f"default_follow_ups needs a question for every gap (missing: {', '.join(missing)})")
        ids = [s.id for s in self.scenarios]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"scenario ids must be unique ({', '.join(repeated)} repeated)")
        return self


@cache
def rubric() -> Rubric:
    """The pinned rubric (read once per process)."""
    return read_yaml(prompts_path("practice_rubric.yaml"), Rubric)


@cache
def scenario_file() -> ScenarioFile:
    """Every scenario and the defaults (read once per process)."""
    return read_yaml(prompts_path("practice_scenarios.yaml"), ScenarioFile)


def scenarios(persona: str | None = None) -> dict[str, Scenario]:
    """The scenarios by id, in the file's order (those of `persona` only, if given)."""
    return {s.id: s for s in scenario_file().scenarios if persona is None or s.persona == persona}


def get_scenario(name: str) -> Scenario:
    """A scenario by id; InputError listing the valid ids otherwise."""
    key = name.strip().lower()
    known = scenarios()
    if key in known:
        return known[key]
    said = f"Unknown scenario '{name.strip()[:60]}'" if key else "The scenario is empty"
    raise InputError(f"{said}: use one of {', '.join(known)}.")


_WORD = re.compile(r"[a-z][a-z']+")
_STOP = frozenset(
    "the a an and or but to of in on for with is are was were be been do does did can could will would should "
    "we you i it this that what why when how who our your my me us they them their there here just so if not "
    "about from at by as have has had get give tell".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def closest_scenario(persona: str, question: str) -> Scenario | None:
    """The persona's scenario whose question shares the most content words with `question` (at least half of
    the scenario's), or None: a free question is scored against the persona's general needs."""
    asked = content_words(question)
    best: tuple[float, Scenario] | None = None
    for scenario in scenarios(persona).values():
        own = content_words(scenario.question)
        share = len(asked & own) / max(1, len(own))
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, scenario)
    return best[1] if best else None
