"""The glossary: technical terms, the plain words for them, and which audiences already know them."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.data import PROMPTS_DIR, read_yaml
from coach.errors import DataError

AudienceId = Literal["executive", "sales", "product", "data-science"]
Category = Literal["ml", "data", "infrastructure", "networking", "databases", "security", "process", "general"]

GLOSSARY_PATH = PROMPTS_DIR / "glossary.yaml"


class Term(BaseModel):
    """One glossary entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1, description="The technical word or phrase as engineers write it.")
    aliases: tuple[str, ...] = Field(default=(), description="Other spellings or forms of the same term.")
    category: Category = Field(description="Which field the term comes from.")
    plain: str = Field(min_length=1, description="Plain words a non-specialist understands.")
    style: Literal["replace", "explain"] = Field(
        default="replace",
        description=(
            "replace: `plain` reads correctly in place of the term; "
            "explain: keep the term (a name, or no safe substitute) and add `plain` in brackets once."
        ),
    )
    known_by: tuple[AudienceId, ...] = Field(
        default=(), description="Audiences who already know this term and need no translation."
    )

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


class Glossary(BaseModel):
    """A glossary file: the built-in one or a team's own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="Format version of the file.")
    terms: tuple[Term, ...] = Field(description="The entries; later files override earlier ones by term.")

    @model_validator(mode="after")
    def _no_duplicate_forms(self) -> Glossary:
        seen: dict[str, str] = {}
        for entry in self.terms:
            for form in entry.forms:
                key = form.casefold()
                if key in seen and seen[key] != entry.term:
                    raise ValueError(f"'{form}' is listed under both '{seen[key]}' and '{entry.term}'")
                seen[key] = entry.term
        return self

    def merged_with(self, override: Glossary) -> Glossary:
        """This glossary with `override`'s entries replacing any entry that shares a form with them."""
        taken = {form.casefold() for entry in override.terms for form in entry.forms}
        kept = tuple(e for e in self.terms if not any(f.casefold() in taken for f in e.forms))
        return Glossary(version=self.version, terms=kept + override.terms)


@cache
def builtin_glossary() -> Glossary:
    return read_yaml(GLOSSARY_PATH, Glossary)


def load_glossary(team_file: Path | None = None) -> Glossary:
    """The built-in glossary, with a team glossary file's entries taking precedence when one is given."""
    base = builtin_glossary()
    if team_file is None:
        return base
    if not team_file.is_file():
        raise DataError(f"Team glossary {team_file} does not exist; fix COACH_GLOSSARY or --glossary.")
    return base.merged_with(read_yaml(team_file, Glossary))
