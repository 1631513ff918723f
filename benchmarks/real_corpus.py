"""The held-out corpus of real public texts (evals/real/<kind>/<id>.yaml): schema and loader.

Each file is one excerpt of a text someone outside this project published (an incident write-up, a changelog
entry, a PR description, a model card, a task list), with its source URL and the terms a reader outside
engineering would not know, labelled by hand before coach's output was looked at. evals/real/README.md says
how the set is used: to measure the offline engine, never to tune a rule to one text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "evals" / "real"
# Texts labelled before any run and measured blind once; kept apart so their figures show how the engine does on
# writing no rule was tuned on (evals/holdout/README.md).
HOLDOUT_DIR = ROOT / "evals" / "holdout"
# A set collected later still, measured blind once in its own session (evals/blind4/README.md).
BLIND4_DIR = ROOT / "evals" / "blind4"
# Every set kept apart from the development set, with the name docs/quality.md gives its column.
HELD_OUT_SETS: tuple[tuple[Path, str], ...] = ((HOLDOUT_DIR, "held-out set (b3)"), (BLIND4_DIR, "blind set (b4)"))
Kind = Literal["incident", "changelog", "pr", "model-card", "task-list", "status"]
KINDS: tuple[Kind, ...] = ("incident", "changelog", "pr", "model-card", "task-list", "status")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_TEXT_CHARS = 1500


class RealText(BaseModel):
    """One published excerpt, quoted as published (cut to a paragraph or a run of list items at most)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Equal to the file name without .yaml; a-z, 0-9 and '-'.")
    kind: Kind = Field(description="What sort of text it is; must match the folder it sits in.")
    source: str = Field(description="The public URL the text was quoted from (http or https).")
    retrieved: date = Field(description="The day the text was collected.")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The excerpt, quoted exactly.")
    hard_terms: list[str] = Field(
        default_factory=list,
        description=(
            "Terms in `text` an executive would not know, labelled by a person reading the text before looking at "
            "coach's output. Each must occur in `text` (case-insensitive). Empty for task lists."
        ),
    )
    notes: str | None = Field(default=None, description="Anything a reader of the corpus should know, e.g. a cut.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must use only a-z, 0-9 and '-'")
        return value

    @field_validator("source")
    @classmethod
    def _source_is_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
            raise ValueError(f"source {value!r} is not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _terms_in_text(self) -> RealText:
        lowered = self.text.lower()
        missing = [term for term in self.hard_terms if term.lower() not in lowered]
        if missing:
            raise ValueError(f"hard_terms not found in text: {missing}")
        return self


def _problem(path: Path, message: str) -> str:
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {message}"


def check_file(path: Path) -> tuple[RealText | None, list[str]]:
    """Validate one corpus file; return the text (or None) and every problem, each naming the file."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        return None, [_problem(path, f"cannot be read as YAML ({exc.__class__.__name__})")]
    if not isinstance(raw, dict):
        return None, [_problem(path, "must be a mapping of fields")]
    try:
        item = RealText.model_validate(raw)
    except ValidationError as exc:
        return None, [_problem(path, f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}") for e in exc.errors()]
    problems = []
    if item.id != path.stem:
        problems.append(_problem(path, f"id {item.id!r} differs from the file name {path.stem!r}"))
    if item.kind != path.parent.name:
        problems.append(_problem(path, f"kind {item.kind!r} differs from its folder {path.parent.name!r}"))
    return item, problems


def load_corpus(directory: Path = CORPUS_DIR) -> list[RealText]:
    """Every text of the corpus, sorted by kind then id; raises ValueError listing every bad file."""
    items: list[RealText] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*/*.yaml")):
        item, found = check_file(path)
        problems += found
        if item is not None and not found:
            items.append(item)
    if problems:
        raise ValueError(f"{directory.name} has bad files:\n" + "\n".join(problems))
    return sorted(items, key=lambda t: (KINDS.index(t.kind), t.id))
