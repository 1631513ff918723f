"""Find jargon: glossary terms (phrases first) this reader does not know, and technical tokens no glossary lists
(`jargon_index.py` matches the glossary, `jargon_shapes.py` finds tokens by their shape, `rare.py` rare words and
names; `jargon_explained.py` checks whether the jargon left in a text is explained)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from coach.analysis.glossary import Term
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.jargon_shapes import shaped_tokens
from coach.analysis.rare import rare_words


class ReaderLike(Protocol):
    """Who a text is for, as far as jargon goes: any object with these two attributes (an audience profile).

    A protocol, not the audience model itself: analysis sits below the features that define readers.
    """

    @property
    def id(self) -> str:
        """The reader's identifier; a glossary entry's `known_by` lists the identifiers that know it."""
        ...

    @property
    def description(self) -> str | None:
        """The user's own words about the reader ("a CFO who knows SQL"); a term it names is known."""
        ...


class JargonHit(BaseModel):
    """A stretch of text an audience may not understand."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(description="The text as written.")
    plain: str | None = Field(description="Plain words for it, when the glossary has them; null for unknown jargon.")
    start: int = Field(ge=0, description="Character offset where the term starts in the text.")
    end: int = Field(ge=0, description="Character offset just past the term.")
    source: Literal["glossary", "code", "metric", "acronym", "rare", "name"] = Field(
        description=(
            "glossary: a listed term; otherwise why an unlisted token reads as jargon (rare: a word everyday "
            "English lacks; name: a product, vendor, library or hardware name)."
        )
    )


def knows(audience: ReaderLike, entry: Term) -> bool:
    """Whether this reader already understands the entry without help."""
    if audience.id in entry.known_by:
        return True
    if audience.description:
        said = audience.description.lower()
        return any(re.search(rf"(?<!\w){re.escape(f.lower())}(?!\w)", said) for f in entry.forms)
    return False


def unknown_tokens(text: str, *, skip: Iterable[tuple[int, int]] = ()) -> Iterator[JargonHit]:
    """Technical-looking tokens that no glossary explains: acronyms, identifiers, code, percentile metrics."""
    for start, end, source in shaped_tokens(text, skip=skip):
        yield JargonHit(term=text[start:end], plain=None, start=start, end=end, source=source)


def find_jargon(text: str, audience: ReaderLike, index: JargonIndex, *, rare: bool = True) -> list[JargonHit]:
    """Everything in `text` this audience would not know, sorted by position (nested glossary terms included).

    With `rare` False, words flagged only for rarity or as names are left out (no plain wording exists for them
    offline; callers that grade a rewrite's explanations use this)."""
    matches = index.matches(text)
    hits = [
        JargonHit(term=m.text, plain=m.entry.plain, start=m.start, end=m.end, source="glossary")
        for m in matches
        if not knows(audience, m.entry)
    ]
    taken = [(m.start, m.end) for m in matches]
    unknown = list(unknown_tokens(text, skip=taken))
    hits.extend(unknown)
    taken.extend((h.start, h.end) for h in unknown)
    for start, end, kind in rare_words(text, skip=taken) if rare else ():
        term = text[start:end]
        if audience.description and term.lower() in audience.description.lower():
            continue  # the user said this reader knows it
        hits.append(JargonHit(term=term, plain=None, start=start, end=end, source=kind))
    return sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
