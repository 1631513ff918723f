"""Readers as data: who a message is for, what they know, and how long it may be.

One file, prompts/readers.yaml, holds every reader of every feature (translate audiences, weekly-update readers,
practice personas); `used_by` says which features offer a reader. Nothing else in coach hard-codes their ids.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.analysis.impact import Signal as ImpactSignal
from coach.analysis.impact import emphasis
from coach.data import prompts_path, read_yaml
from coach.errors import InputError

CUSTOM_ID = "custom"
UsedBy = Literal["translate", "check", "weekly", "practice"]
Signal = Literal["outcome", "impact", "numbers", "date", "cause", "next_step", "confidence", "ask", "options"]
"""What an answer to a stakeholder can carry, each detected by rules (coach.features.practice.signals): a result
stated as an outcome, a business impact, figures, a date, the cause, the next step, how sure the speaker is,
what they need from the listener, and the options with their trade-offs."""


class Persona(BaseModel):
    """How a reader behaves in a practice role-play: what they want from the engineer in front of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str = Field(min_length=1, description="Who they are in the role-play, e.g. 'the CTO'.")
    goals: tuple[str, ...] = Field(min_length=1, description="What they are trying to achieve this quarter.")
    worries: tuple[str, ...] = Field(min_length=1, description="What keeps them up at night.")
    pushback: tuple[str, ...] = Field(min_length=1, description="Lines they typically push back with.")
    already_knows: str = Field(min_length=1, description="What they already know about the team and the work.")
    good_answer: tuple[str, ...] = Field(min_length=1, description="What a good answer gives them, in their terms.")
    needs: tuple[Signal, ...] = Field(
        min_length=1, description="What an answer to them must carry when a question names nothing more specific."
    )

    def profile(self) -> str:
        """The persona as prose, for the role-play and scoring prompts."""
        return "\n".join(
            [
                f"Role: {self.role}.",
                f"Goals: {'; '.join(self.goals)}.",
                f"Worries: {'; '.join(self.worries)}.",
                f"Typical pushback: {' / '.join(self.pushback)}",
                f"Already knows: {self.already_knows}",
                f"A good answer gives them: {'; '.join(self.good_answer)}.",
            ]
        )


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
    lead_with: tuple[ImpactSignal, ...] = Field(
        default=(),
        description=(
            "Kinds of information this reader acts on, most important first: the offline engine leads with the "
            "sentence that carries them and keeps the rest within the budget. Empty: keep the writer's order."
        ),
    )
    rigour: bool = Field(
        default=False, description="Warn when a reported result lacks sample size, baseline or spread."
    )
    roles: tuple[str, ...] = Field(
        default=(), description="Words in a custom reader's description that mean this kind of reader ('CFO')."
    )
    persona: Persona | None = Field(default=None, description="How this reader acts in a practice role-play.")

    @model_validator(mode="after")
    def _practice_needs_a_persona(self) -> Reader:
        if "practice" in self.used_by and self.persona is None:
            raise ValueError(f"reader '{self.id}' is used by practice, so it needs a `persona` block")
        return self

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
    "cto": "executive",
    "cfo": "finance",
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


def get_persona(name: str) -> Reader:
    """A practice persona by id (aliases such as 'cto' accepted); InputError listing the personas otherwise.

    Unlike `get_reader`, a description in words is not accepted: a role-play needs the persona's goals, worries
    and pushback, which only the readers file gives.
    """
    known = readers_for("practice")
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key in known:
        return known[key]
    said = f"Unknown persona '{name.strip()[:60]}'" if name.strip() else "The persona is empty"
    raise InputError(f"{said}: use one of {', '.join(known)}.")


def get_audience(name: str) -> Reader:
    """A translate audience (see `get_reader`)."""
    return get_reader(name, "translate")


def custom_reader(description: str) -> Reader:
    """A reader described in the user's words ("a CFO who knows SQL").

    It reads like the built-in translate reader its words name (a role in that reader's `roles`; an executive when
    none is named), leads with what its words stress (money for a CFO) and knows the terms its words name."""
    said = description[:500]
    words = set(re.findall(r"[a-z][a-z-]*", said.lower()))
    base = next(
        (r for r in builtin_audiences().values() if any(role.lower() in words for role in r.roles)),
        next(iter(builtin_audiences().values())),
    )
    return Reader(
        id=CUSTOM_ID,
        name="Custom reader",
        cares_about=base.cares_about,
        knows="Only what the description below says.",
        max_sentences=base.max_sentences,
        max_words=base.max_words,
        avoid=base.avoid,
        tone="Write for the reader described; explain every technical term they are not said to know.",
        used_by=("translate", "check", "weekly"),
        weekly_items=3,
        description=said,
        lead_with=emphasis(said, base.lead_with),
    )


custom_audience = custom_reader
