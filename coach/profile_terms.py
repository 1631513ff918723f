"""The profile's names (company, products, protected terms) as glossary entries every reader knows: the offline
engine then never flags, replaces or explains them, in any feature, and nothing else needs to know profiles."""

from __future__ import annotations

from typing import Any

from coach.analysis.glossary import Glossary, Term
from coach.readers import CUSTOM_ID, builtin_readers


def kept_glossary(names: tuple[str, ...], base: Glossary) -> Glossary:
    """A glossary of `names`, each known to every reader (built-in ones, weekly readers, personas, custom)."""
    readers: tuple[Any, ...] = (*builtin_readers(), CUSTOM_ID)
    terms = tuple(
        # model_construct: `known_by` is typed for the four translate audiences; a kept name is known to all.
        Term.model_construct(term=name, aliases=(), category="general", plain=name, style="explain", known_by=readers)
        for name in names
    )
    return Glossary.model_construct(version=base.version, terms=terms)
