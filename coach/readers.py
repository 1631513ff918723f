"""Readers as data: who a message is for, what they know, and how long it may be.

One file, prompts/readers.yaml, holds every reader of every feature (translate audiences, weekly-update readers,
practice personas); `used_by` says which features offer a reader. Nothing else in coach hard-codes their ids.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.data import prompts_path, read_yaml
from coach.errors import InputError

CUSTOM_ID = "custom"
UsedBy = Literal["translate", "check", "weekly", "practice"]


class Reader(BaseModel):
    """One reader profile."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Identifier used on the CLI, e.g. 'executive'; 'custom' for free text.")
    name: str = Field(min_length=1, description="How the reader is named to the user and the model.")
    cares_about: tuple[str, ...] = Field(description="What this reader weighs a message by.")
    knows: str = Field(description="What this reader already understands, in a sentence.")
    max_sentences: int = Field(ge=1, le=50, description="Length budget in sentences (unless the facts need more).")
    max_words: int = Field(ge=5, le=2000, description="Length budget in words (unless the facts need more).")
    avoid: tuple[str, ...] = Field(default=(), description="Words this reader finds empty or off-putting.")
    tone: str = Field(description="One line of advice on how to write for this reader.")
    used_by: tuple[UsedBy, ...] = Field(default=("translate",), description="The features that offer this reader.")
    weekly_items: int = Field(default=5, ge=1, le=5, description="Items per section of a weekly update.")
    description: str | None = Field(default=None, description="The user's own words, for a custom reader.")

    @property
    def reader(self) -> str:
        """The reader with its article, for sentences: "an executive", "a sales leader"."""
        name = self.name.lower()
        return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"

    @property
    def technical(self) -> bool:
        """Readers who keep technical wording (no business-impact or grade warnings)."""
        return self.id in {"data-science", "team"}

    def profile(self) -> str:
        """The reader as prose, for the model's prompt."""
        lines = [
            f"{self.name}. Cares about: {', '.join(self.cares_about)}.",
            f"Already knows: {self.knows}",
            f"Length budget: at most {self.max_sentences} sentences and {self.max_words} words, "
            "unless keeping every fact needs more.",
            f"Advice: {self.tone}",
        ]
        if self.avoid:
            lines.append(f"Avoid: {', '.join(self.avoid)}.")
        if self.description:
            lines.append(f"In the user's words: {self.description}")
        return "\n".join(lines)


# The name the rest of the code used before readers were one file; an audience is a reader of translate.
Audience = Reader


class ReadersFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="Format version.")
    readers: tuple[Reader, ...] = Field(min_length=1, description="The built-in readers.")


@cache
def builtin_readers() -> dict[str, Reader]:
    """Every built-in reader by id, in the file's order."""
    return {r.id: r for r in read_yaml(prompts_path("readers.yaml"), ReadersFile).readers}


def readers_for(feature: UsedBy) -> dict[str, Reader]:
    """The built-in readers a feature offers, in the file's order."""
    return {k: r for k, r in builtin_readers().items() if feature in r.used_by}


def builtin_audiences() -> dict[str, Reader]:
    """The readers translate (and check) offer."""
    return readers_for("translate")


_ALIASES = {
    "exec": "executive",
    "pm": "product",
    "product-manager": "product",
    "ds": "data-science",
    "data-scientist": "data-science",
    "datascience": "data-science",
}


def get_reader(name: str, feature: UsedBy = "translate") -> Reader:
    """A built-in reader of `feature` by id (a few aliases accepted), or a custom one from free text.

    Free text with spaces ("a new CFO who knows SQL") becomes a custom reader that knows what it names.
    """
    key = name.strip().lower()
    known = readers_for(feature)
    what = "Audience" if feature in ("translate", "check") else "Reader"
    if not key:
        raise InputError(f"{what} is empty: use {', '.join(known)}, or describe one.")
    key = _ALIASES.get(key, key)
    if key in known:
        return known[key]
    if " " in key:
        return custom_reader(name.strip())
    raise InputError(
        f"Unknown {what.lower()} '{name}': use one of {', '.join(known)}, or describe the reader in a few words."
    )


def get_audience(name: str) -> Reader:
    """A translate audience (see `get_reader`)."""
    return get_reader(name, "translate")


def custom_reader(description: str) -> Reader:
    """A reader described in the user's words; treated as non-technical except for what the words name."""
    return Reader(
        id=CUSTOM_ID,
        name="Custom reader",
        cares_about=("what the change means for them", "what they need to decide or do"),
        knows="Only what the description below says.",
        max_sentences=4,
        max_words=90,
        tone="Write for the reader described; explain every technical term they are not said to know.",
        used_by=("translate", "check", "weekly"),
        weekly_items=3,
        description=description[:500],
    )


custom_audience = custom_reader
