"""The team glossary file: search it with the built-in one, add or edit a team term, remove one.

The file has the built-in glossary's format (prompts/glossary.yaml), so a team can also edit it by hand and
commit it; a team entry overrides a built-in entry that shares a spelling with it. Writes replace the file in
one step, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import ValidationError

from coach.analysis.glossary import Glossary, Term, builtin_glossary
from coach.data import read_yaml
from coach.errors import DataError, InputError

MAX_RESULTS = 200
"""Rows a search returns: enough to scan, few enough for a page."""


@dataclass(frozen=True, slots=True)
class Found:
    """A glossary entry and where it comes from."""

    entry: Term
    source: Literal["team", "built-in"]


def read_team(path: Path) -> Glossary:
    """The team glossary at `path`; an empty one when the file does not exist yet."""
    if not path.is_file():
        return Glossary(version=1, terms=())
    return read_yaml(path, Glossary)


def search(path: Path, query: str, *, limit: int = MAX_RESULTS) -> list[Found]:
    """Entries of the team and built-in glossaries whose term, other spellings or plain words contain `query`
    (any case); team entries first, and a built-in entry a team entry overrides is left out."""
    team = read_team(path)
    taken = {form.casefold() for entry in team.terms for form in entry.forms}
    wanted = " ".join(query.split()).casefold()

    def hit(entry: Term) -> bool:
        return not wanted or any(wanted in text.casefold() for text in (*entry.forms, entry.plain))

    found = [Found(e, "team") for e in team.terms if hit(e)]
    found += [
        Found(e, "built-in")
        for e in builtin_glossary().terms
        if hit(e) and not any(f.casefold() in taken for f in e.forms)
    ]
    return found[:limit]


def save_term(path: Path, term: Term, *, replacing: str | None = None) -> Glossary:
    """Add `term` to the team glossary at `path` (creating it), or replace the team entry named `replacing` or
    sharing a spelling with it. InputError when two team entries would share a spelling."""
    team = read_team(path)
    old = {(replacing or term.term).casefold(), *(f.casefold() for f in term.forms)}
    kept = tuple(e for e in team.terms if not any(f.casefold() in old for f in e.forms))
    return _write(path, Glossary.model_construct(version=team.version, terms=(*kept, term)))


def remove_term(path: Path, name: str) -> Glossary:
    """Remove the team entry `name` (the built-in entry, if any, applies again); InputError when there is none."""
    team = read_team(path)
    kept = tuple(e for e in team.terms if e.term.casefold() != name.strip().casefold())
    if len(kept) == len(team.terms):
        raise InputError(f"'{name}' is not in the team glossary; only team terms can be removed.")
    return _write(path, Glossary.model_construct(version=team.version, terms=kept))


def make_term(
    *,
    term: str,
    plain: str,
    aliases: str = "",
    style: str = "replace",
    category: str = "general",
    known_by: list[str] | None = None,
) -> Term:
    """A glossary entry from form fields (aliases: comma- or line-separated); InputError naming the bad field."""
    try:
        return Term.model_validate(
            {
                "term": " ".join(term.split()),
                "aliases": [a.strip() for a in aliases.replace("\n", ",").split(",") if a.strip()],
                "plain": " ".join(plain.split()),
                "style": style,
                "category": category,
                "known_by": list(known_by or []),
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "entry"
        raise InputError(f"Glossary entry, {field}: {first['msg']}.") from None


def _write(path: Path, glossary: Glossary) -> Glossary:
    try:
        checked = Glossary.model_validate(glossary.model_dump())
    except ValidationError as exc:
        raise InputError(f"Not saved: {exc.errors()[0]['msg'].removeprefix('Value error, ')}.") from None
    data = checked.model_dump(mode="json", exclude_defaults=True)
    data["version"] = checked.version
    text = "# Team glossary for coach (same format as prompts/glossary.yaml); edited in the web UI's Glossary tab.\n"
    text += yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".glossary-", suffix=".yaml")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise DataError(f"Cannot write the team glossary {path}: {exc.strerror or exc}.") from exc
    return checked
