"""Audiences as data: who a message is for, what they know, and how long it may be."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.glossary import AudienceId
from coach.data import PROMPTS_DIR, read_yaml
from coach.errors import InputError

AUDIENCES_PATH = PROMPTS_DIR / "audiences.yaml"
CUSTOM_ID = "custom"


class Audience(BaseModel):
    """One audience profile."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: AudienceId | str = Field(description="Identifier used on the CLI, e.g. 'executive'; 'custom' for free text.")
    name: str = Field(min_length=1, description="How the audience is named to the user and the model.")
    cares_about: tuple[str, ...] = Field(description="What this reader weighs a message by.")
    knows: str = Field(description="What this reader already understands, in a sentence.")
    max_sentences: int = Field(ge=1, le=50, description="Length budget in sentences (unless the facts need more).")
    max_words: int = Field(ge=5, le=2000, description="Length budget in words (unless the facts need more).")
    avoid: tuple[str, ...] = Field(default=(), description="Words this reader finds empty or off-putting.")
    tone: str = Field(description="One line of advice on how to write for this reader.")
    description: str | None = Field(default=None, description="The user's own words, for a custom audience.")

    @property
    def reader(self) -> str:
        """The audience with its article, for sentences: "an executive", "a sales leader"."""
        name = self.name.lower()
        return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"

    def profile(self) -> str:
        """The audience as prose, for the model's prompt."""
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


class AudienceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="Format version.")
    audiences: tuple[Audience, ...] = Field(min_length=1, description="The built-in audiences.")


@cache
def builtin_audiences() -> dict[str, Audience]:
    return {a.id: a for a in read_yaml(AUDIENCES_PATH, AudienceFile).audiences}


_ALIASES = {
    "exec": "executive",
    "pm": "product",
    "product-manager": "product",
    "ds": "data-science",
    "data-scientist": "data-science",
    "datascience": "data-science",
}


def get_audience(name: str) -> Audience:
    """A built-in audience by id (a few aliases accepted), or a custom one from free text.

    Free text with spaces ("a new CFO who knows SQL") becomes a custom audience that knows what it names.
    """
    key = name.strip().lower()
    if not key:
        raise InputError("Audience is empty: use executive, sales, product, data-science, or describe one.")
    known = builtin_audiences()
    key = _ALIASES.get(key, key)
    if key in known:
        return known[key]
    if " " in key:
        return custom_audience(name.strip())
    raise InputError(
        f"Unknown audience '{name}': use one of {', '.join(known)}, or describe the reader in a few words."
    )


def custom_audience(description: str) -> Audience:
    """A reader described in the user's words; treated as non-technical except for what the words name."""
    return Audience(
        id=CUSTOM_ID,
        name="Custom reader",
        cares_about=("what the change means for them", "what they need to decide or do"),
        knows="Only what the description below says.",
        max_sentences=4,
        max_words=90,
        tone="Write for the reader described; explain every technical term they are not said to know.",
        description=description[:500],
    )
