"""The golden-case format: one YAML file per case under evals/cases/<feature>/, validated with extra="forbid".

A case says what goes in, a hand-written *reference* answer (a human's good answer, never model output), the
facts that must survive, the terms this reader must not be left with unexplained, the limits, the rubric an
LLM judge answers yes/no to, and whether a failure blocks (gate) or only warns. evals/README.md documents it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, ClassVar, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coach.errors import DataError
from coach.evals.check_case import CheckInput, CheckReference
from coach.readers import builtin_audiences, readers_for

Feature = Literal["translate", "outcomes", "weekly", "tradeoffs", "uncertainty", "practice", "check"]
FEATURES: tuple[Feature, ...] = ("translate", "outcomes", "weekly", "tradeoffs", "uncertainty", "practice", "check")
Severity = Literal["gate", "warn"]
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there; same results
MAX_CASE_BYTES = 1_000_000
"""A case file is a page or two; a bigger file is a mistake (a data dump saved under evals/cases/)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    """Upper bounds on the answer's prose; a bound left out is not checked."""

    max_words: int | None = Field(default=None, ge=1, le=5000, description="Most words allowed.")
    max_sentences: int | None = Field(default=None, ge=1, le=200, description="Most sentences allowed.")
    max_grade: float | None = Field(
        default=None, ge=1, le=30, description="Highest Flesch-Kincaid grade allowed (coach.analysis)."
    )


class Injection(_Strict):
    """An instruction smuggled into the input; obeying it is a failure whatever else the answer does."""

    instruction: str = Field(min_length=5, description="The injected text, exactly as it appears in `input`.")
    obeyed_if: tuple[str, ...] = Field(
        min_length=1,
        description="Regular expressions (Python syntax) that match the answer only when it obeyed.",
    )
    obeyed_example: str = Field(
        min_length=1, description="An answer that obeyed; the grader controls check that it fails."
    )

    @field_validator("obeyed_if")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"'{pattern}' is not a valid regular expression: {exc}") from exc
        return patterns


class TradeoffInput(_Strict):
    """What `coach tradeoffs` is given."""

    request: str = Field(min_length=1, description="The unplanned work someone asked for.")
    workstreams: tuple[str, ...] = Field(min_length=1, description="'NAME: status' per planned workstream.")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(w.split(":", 1)[0].strip() for w in self.workstreams)


class PracticeInput(_Strict):
    """What `coach practice score` is given."""

    question: str = Field(min_length=1, description="The stakeholder's question.")
    answer: str = Field(min_length=1, description="The engineer's answer to score.")


class WeeklyReference(_Strict):
    """A good Progress/Problems/Plan update, written by hand."""

    progress: tuple[str, ...] = Field(description="Results this week.")
    problems: tuple[str, ...] = Field(description="What is blocked or went wrong.")
    plan: tuple[str, ...] = Field(description="What comes next.")
    text: str = Field(min_length=1, description="The update as it would be sent (Markdown).")


class TradeoffRow(_Strict):
    """Effect of each option on one workstream."""

    workstream: str = Field(min_length=1, description="The workstream's name.")
    absorb: str = Field(description="Effect if the request is absorbed into the current plan.")
    adjust: str = Field(description="Effect if planned work is dropped or adjusted for it.")
    decline: str = Field(description="Effect if the request is not done.")


class TradeoffReference(_Strict):
    """A good trade-off table, written by hand."""

    request: str = Field(min_length=1, description="The request, restated.")
    options: tuple[str, ...] = Field(description="The three options, in order absorb, adjust, decline.")
    rows: tuple[TradeoffRow, ...] = Field(description="One row per workstream.")
    recommendation: str = Field(min_length=1, description="Which option, and why.")
    markdown: str = Field(min_length=1, description="The table and recommendation as Markdown.")
    csv: str = Field(min_length=1, description="The table as CSV.")


class OutcomeItem(_Strict):
    task: str = Field(min_length=1, description="The task as logged.")
    outcome: str = Field(min_length=1, description="The same work said as an outcome.")
    activity_only: bool = Field(
        default=False,
        description="True when the task states no result: the outcome restates it honestly, nothing invented.",
    )
    question: str | None = Field(
        default=None, description="For an activity-only task: the one question that would turn it into an outcome."
    )

    @model_validator(mode="after")
    def _question_when_activity_only(self) -> OutcomeItem:
        if self.activity_only and not (self.question and self.question.strip()):
            raise ValueError("an activity-only item needs its question (what would turn it into an outcome)")
        return self


class OutcomesReference(_Strict):
    items: tuple[OutcomeItem, ...] = Field(min_length=1, description="One outcome per task.")


class HypothesisReference(_Strict):
    hypothesis: str = Field(min_length=1, description="The idea tested, stated as a hypothesis.")
    result: str = Field(min_length=1, description="What happened, in the notes' words and numbers.")
    learned: str = Field(min_length=1, description="What the result teaches (failures included).")


class OverclaimReference(_Strict):
    phrase: str = Field(min_length=1, description="A phrase of the notes that claims more (or less) than shown.")
    why: str = Field(min_length=1, description="Why it misleads.")


class UncertaintyReference(_Strict):
    """A good reframing of experiment notes, written by hand, in the shape of the feature's result."""

    hypotheses: tuple[HypothesisReference, ...] = Field(min_length=1, description="One per experiment.")
    confidence: str = Field(min_length=1, description="How sure the team can be, and why.")
    next_decision: str = Field(
        min_length=1, description="The next decision and when it will be known (a question when undated)."
    )
    overclaims: tuple[OverclaimReference, ...] = Field(
        default=(), description="Phrases of the notes that overclaim or hide a result; () for careful notes."
    )
    text: str = Field(min_length=1, description="The update for a non-technical reader, as it would be sent.")
    text_technical: str = Field(min_length=1, description="The update for a technical reader.")


ScoreRange = tuple[Annotated[int, Field(ge=1, le=5)], Annotated[int, Field(ge=1, le=5)]]
Criterion = Literal["clarity", "business_impact", "concision", "jargon", "answers_question", "honest_confidence"]


class PracticeReference(_Strict):
    better_answer: str = Field(min_length=1, description="A strong answer to the question.")
    scores: dict[Criterion, ScoreRange] = Field(
        default_factory=dict, description="The score range a careful human expects per criterion, e.g. [1, 2]."
    )
    overall: tuple[float, float] | None = Field(default=None, description="The expected range of the overall score.")

    @model_validator(mode="after")
    def _ranges_ordered(self) -> PracticeReference:
        bad = [f"{k} {lo}–{hi}" for k, (lo, hi) in self.scores.items() if lo > hi]
        if self.overall is not None and not 1 <= self.overall[0] <= self.overall[1] <= 5:
            bad.append(f"overall {self.overall[0]:g}–{self.overall[1]:g}")
        if bad:
            raise ValueError(f"a range must be low to high, within 1–5 ({', '.join(bad)})")
        return self


class _CaseBase(_Strict):
    AUDIENCES: ClassVar[tuple[str, ...]] = ()
    """The audiences this feature takes; () for a feature with no reader option (the field must be left out)."""
    CUSTOM_AUDIENCE: ClassVar[bool] = False
    """Whether a reader described in words ("a CFO who knows SQL") is accepted too."""

    id: str = Field(description="Unique id, equal to the file name without .yaml (a-z, 0-9, '-').")
    audience: str | None = Field(
        default=None,
        description="translate: executive, sales, product, data-science, or a reader described in words "
        "(custom) · weekly: manager, executive or team (default manager) · other features: none.",
    )
    facts: tuple[str, ...] = Field(default=(), description="Strings that must appear in the answer unchanged.")
    jargon: tuple[str, ...] = Field(
        default=(), description="Terms that must not remain in the answer unexplained for this audience."
    )
    limits: Limits = Field(default_factory=Limits, description="Length and readability bounds.")
    rubric: tuple[str, ...] = Field(default=(), description="Yes/no criteria for the LLM judge (L2).")
    severity: Severity = Field(default="gate", description="gate: a failure fails the run; warn: reported only.")
    tags: tuple[str, ...] = Field(default=(), description="Free labels for filtering and reading the report.")
    injection: Injection | None = Field(default=None, description="An instruction hidden in the input, if any.")
    notes: str | None = Field(default=None, description="Why the case exists; for humans only.")

    def inputs(self) -> dict[str, object]:
        """The feature's inputs, for `Coach.run(feature, **inputs)`; each case type that runs says how."""
        raise NotImplementedError(f"{type(self).__name__} does not say how to run its feature yet")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("use lower-case letters, digits and '-' only")
        return value

    @field_validator("audience")
    @classmethod
    def _audience_for_feature(cls, value: str | None) -> str | None:
        feature = get_args(cls.model_fields["feature"].annotation)[0]
        if value is None:
            return value
        if not cls.AUDIENCES:
            raise ValueError(f"{feature} cases take no audience (the feature has no reader option); remove it")
        if value in cls.AUDIENCES or (cls.CUSTOM_AUDIENCE and " " in value.strip()):
            return value
        choices = ", ".join(cls.AUDIENCES)
        custom = ", or a reader described in words ('a CFO who knows SQL')" if cls.CUSTOM_AUDIENCE else ""
        raise ValueError(f"'{value}' is not an audience for {feature} cases (use {choices}{custom})")


class TranslateCase(_CaseBase):
    AUDIENCES = tuple(builtin_audiences())
    CUSTOM_AUDIENCE = True

    feature: Literal["translate"]
    audience: str = Field(description="executive, sales, product, data-science, or a reader described in words.")
    input: str = Field(min_length=1, description="The technical text to rewrite.")
    reference: str = Field(min_length=1, description="A hand-written good rewrite (reference, not model output).")
    lead: tuple[str, ...] = Field(
        default=(), description="The rewrite's first sentence must hold one of these (outcome first); () unchecked."
    )
    forbidden: tuple[str, ...] = Field(
        default=(), description="Regular expressions the rewrite and its details must not match (known errors)."
    )
    flagged: tuple[str, ...] = Field(
        default=(), description="Terms the result's `jargon` must report, explained or not (detection)."
    )
    why_it_matters: bool = Field(default=False, description="Whether `why_it_matters` must be filled.")

    def inputs(self) -> dict[str, object]:
        """The feature's inputs (`Coach.run("translate", **inputs)`)."""
        return {"text": self.input, "audience": self.audience}

    @model_validator(mode="after")
    def _injection_in_input(self) -> TranslateCase:
        if self.injection is not None and self.injection.instruction not in self.input:
            raise ValueError("injection.instruction must be copied exactly from input")
        return self


class WeeklyCase(_CaseBase):
    AUDIENCES = tuple(readers_for("weekly"))

    feature: Literal["weekly"]
    input: tuple[str, ...] = Field(min_length=1, description="The week's notes, one per item.")
    reference: WeeklyReference = Field(description="A hand-written good update (reference).")

    def inputs(self) -> dict[str, object]:
        """The feature's inputs: notes mode (no database), for the fixed eval week."""
        return {"notes": "\n".join(self.input), "week": EVAL_WEEK, "reader": self.reader, "fmt": "markdown"}

    @property
    def reader(self) -> str:
        """Who the update is for (a weekly reader of prompts/readers.yaml); the feature's default is the manager."""
        return self.audience or "manager"


class TradeoffsCase(_CaseBase):
    feature: Literal["tradeoffs"]
    input: TradeoffInput = Field(description="The request and the planned workstreams.")
    reference: TradeoffReference = Field(description="A hand-written good table (reference).")

    def inputs(self) -> dict[str, object]:
        """The feature's inputs: the request and the 'NAME: status' workstreams."""
        return {"request": self.input.request, "workstreams": list(self.input.workstreams)}


class OutcomesCase(_CaseBase):
    feature: Literal["outcomes"]
    input: tuple[str, ...] = Field(min_length=1, description="Tasks, one per item, as an engineer logs them.")
    reference: OutcomesReference = Field(description="Hand-written outcomes (reference).")

    def inputs(self) -> dict[str, object]:
        """The feature's inputs: the case's lines are the task list."""
        return {"tasks": list(self.input)}


class UncertaintyCase(_CaseBase):
    feature: Literal["uncertainty"]
    input: str = Field(min_length=1, description="An ML update to reframe around hypotheses and decisions.")
    reference: UncertaintyReference = Field(description="A hand-written good update (reference).")

    def inputs(self) -> dict[str, object]:
        """The feature's inputs: the experiment notes."""
        return {"notes": self.input}


class PracticeCase(_CaseBase):
    feature: Literal["practice"]
    persona: str = Field(description="Who asks the question: a practice persona of prompts/readers.yaml.")
    scenario: str | None = Field(default=None, description="The scenario scored against (prompts/practice_scenarios).")
    input: PracticeInput = Field(description="The question and the answer to score.")
    reference: PracticeReference = Field(description="A hand-written strong answer, and the expected score ranges.")

    def inputs(self) -> dict[str, object]:
        """The feature's inputs (`Coach.run("practice", **inputs)`)."""
        return {
            "persona": self.persona,
            "question": self.input.question,
            "answer": self.input.answer,
            "scenario": self.scenario,
        }

    @field_validator("persona")
    @classmethod
    def _practice_persona(cls, value: str) -> str:
        known = readers_for("practice")
        if value not in known:
            raise ValueError(f"'{value}' is not a practice persona (use {', '.join(known)})")
        return value


class CheckCase(_CaseBase):
    AUDIENCES = tuple(builtin_audiences())
    CUSTOM_AUDIENCE = True

    feature: Literal["check"]
    audience: str = Field(description="executive, sales, product, data-science, or a reader described in words.")
    input: CheckInput = Field(description="The original and the writer's draft.")
    reference: CheckReference = Field(description="What the check must find (hand-written).")

    def inputs(self) -> dict[str, object]:
        return {"original": self.input.original, "draft": self.input.draft, "audience": self.audience}


Case = Annotated[
    TranslateCase | WeeklyCase | TradeoffsCase | OutcomesCase | UncertaintyCase | PracticeCase | CheckCase,
    Field(discriminator="feature"),
]


EVAL_WEEK = "2026-W01"
"""The week every weekly case is drafted for. Fixed, so the rendered update (its title names the week) and the
baseline do not change with the calendar; the week label is boilerplate the fact graders ignore."""


class _CaseFile(BaseModel):
    case: Case


def source_text(case: Case) -> str:
    """The case's input as one text: what every fact of an answer must come from."""
    if isinstance(case, TradeoffsCase):
        return "\n".join([case.input.request, *case.input.workstreams])
    if isinstance(case, PracticeCase):
        return f"{case.input.question}\n{case.input.answer}"
    if isinstance(case, CheckCase):
        return f"{case.input.original}\n{case.input.draft}"
    if isinstance(case, WeeklyCase | OutcomesCase):
        return "\n".join(case.input)
    return case.input


def parse_case(raw: object, path: Path) -> Case:
    """Validate one parsed YAML document as a case; a problem becomes one line naming the file and field."""
    if not isinstance(raw, dict):
        raise DataError(f"{path}: a case file must be a mapping of fields (id, feature, input, ...).")
    feature = raw.get("feature")
    if feature not in FEATURES:
        known = ", ".join(FEATURES)
        raise DataError(f"{path}: field 'feature': '{feature}' is not a feature (use one of: {known}).")
    try:
        case = _CaseFile.model_validate({"case": raw}).case
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        # loc is ('case', '<feature>', 'field', ...): the first two parts are our wrapping, not the user's.
        where = ".".join(str(p) for p in first["loc"][2:]) or "(top level)"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; evals/README.md lists the fields)"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise DataError(f"{path}: field '{where}': {message}{more}.") from None
    if case.id != path.stem:
        raise DataError(f"{path}: field 'id': '{case.id}' must equal the file name '{path.stem}'.")
    folder = path.parent.name
    if folder in FEATURES and folder != case.feature:
        raise DataError(f"{path}: field 'feature': '{case.feature}' is in the folder for '{folder}' cases.")
    return case


def load_case(path: Path) -> Case:
    """One case file, validated; every problem (unreadable, too big, not UTF-8, not YAML, not a case) is a
    one-line DataError that names the file."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_CASE_BYTES + 1)
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if len(data) > MAX_CASE_BYTES:
        raise DataError(f"{path} is over {MAX_CASE_BYTES:,} bytes; a case file is a page or two of YAML.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8."
        ) from None
    try:
        raw = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DataError(f"{path} is not valid YAML: {' '.join(str(exc).split())}") from exc
    return parse_case(raw, path)


def load_cases(directory: Path, *, features: Iterable[str] = ()) -> list[Case]:
    """Every case under `directory` (recursively, *.yaml / *.yml), sorted by feature then id.

    Raises `DataError` for a missing directory, a bad file, or two cases with the same id.
    """
    if not directory.is_dir():
        raise DataError(f"No cases directory at {directory} (give --cases DIR).")
    wanted = set(features)
    unknown = sorted(wanted - set(FEATURES))
    if unknown:
        raise DataError(f"--feature '{unknown[0]}' is not a feature (use one of: {', '.join(FEATURES)}).")
    paths = sorted(p for p in directory.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    cases: list[Case] = []
    seen: dict[str, Path] = {}
    for path in paths:
        case = load_case(path)
        if case.id in seen:
            raise DataError(f"{path}: field 'id': '{case.id}' is also used by {seen[case.id]}.")
        seen[case.id] = path
        if not wanted or case.feature in wanted:
            cases.append(case)
    if not paths:
        raise DataError(f"No case files (*.yaml) under {directory}.")
    return sorted(cases, key=lambda c: (FEATURES.index(c.feature), c.id))
