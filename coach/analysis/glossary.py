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


class Sense(BaseModel):
    """One meaning of an ambiguous term, chosen when one of its cue words occurs in the same text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plain: str = Field(min_length=1, description="Plain words for the term in this meaning.")
    cues: tuple[str, ...] = Field(
        min_length=1, description="Words that, anywhere in the text, show this meaning (matched as whole words)."
    )
    category: Category | None = Field(default=None, description="The field of this meaning, when not the term's.")


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
    cues: tuple[str, ...] = Field(
        default=(),
        description=(
            "When set, `plain` is this term's meaning only in a text holding one of these words; with no cue and "
            'no fitting sense the term is left alone ("tokens" in a text about logins is not about AI).'
        ),
    )
    senses: tuple[Sense, ...] = Field(
        default=(), description="Other meanings of the same spelling, each with the cue words that pick it."
    )
    word_forms: bool = Field(
        default=True,
        description=(
            'Whether the "-ing" and "-ed" forms of the last word ("caching", "cached" for "cache") mean the same and '
            'are matched too; false when they mean something else ("porting" is not about a network port).'
        ),
    )

    @property
    def ambiguous(self) -> bool:
        """Whether the meaning depends on the text around it."""
        return bool(self.cues or self.senses)

    def in_context(self, words: frozenset[str]) -> Term | None:
        """This entry with the plain words for the meaning the text's `words` (lower-cased) point to; None when
        the term is ambiguous and nothing in the text says which meaning it has."""
        if not self.ambiguous:
            return self
        # The meaning with the most cue words in the text wins (ties go to the main meaning): "node" in a text that
        # names npm once but servers, VMs and disks many times is a server.
        best: Sense | None = None
        best_hits = _hits(self.cues, words) if self.cues else 0
        for sense in self.senses:
            hits = _hits(sense.cues, words)
            if hits > best_hits:
                best, best_hits = sense, hits
        if best is not None:
            update: dict[str, object] = {"plain": best.plain, "senses": (), "cues": ()}
            if best.category:
                update["category"] = best.category
            return self.model_copy(update=update)
        if not self.cues or best_hits:
            return self.model_copy(update={"senses": (), "cues": ()})
        return None

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def _hits(cues: tuple[str, ...], words: frozenset[str]) -> int:
    return sum(all(w in words for w in cue.lower().split()) for cue in cues)


def _cued(cues: tuple[str, ...], words: frozenset[str]) -> bool:
    # A cue of several words ("context window") counts when each of its words occurs: the text's words are a set.
    return any(all(w in words for w in cue.lower().split()) for cue in cues)


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
