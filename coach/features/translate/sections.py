"""A text's sections: which units each heading heads (Markdown levels, reStructuredText title styles, labels),
and the runs of list items read as peers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.features.translate.structure import Unit

# A reStructuredText title's rule ("=====", "-----") under, or over and under, its line.
RULE = re.compile(r"^\s*([=\-~^*#+`])\1{2,}\s*$")


def list_runs(all_units: list[Unit]) -> list[list[Unit]]:
    """Runs of consecutive list items."""
    runs: list[list[Unit]] = []
    for u in all_units:
        if u.kind == "item" and runs and runs[-1][-1].index == u.index - 1:
            runs[-1].append(u)
        elif u.kind == "item":
            runs.append([u])
    return [run for run in runs if len(run) > 1]


def _level(u: Unit) -> int:
    """A Markdown heading's level (# = 1); other headings ("**Fixed**", "Summary:") sit below any # heading."""
    hashes = len(u.text) - len(u.text.lstrip("#"))
    return hashes if 0 < hashes <= 6 else 7


def _rst_levels(all_units: list[Unit]) -> dict[int, int]:
    """Levels of reStructuredText titles (a rule under, or over and under, a line): the order in which each style is
    first met, as the format defines it ("Release 313" over and under "=", then "CLI Changes" under "-"). They sit
    below Markdown's six levels, like the other headings, but above bold and "Summary:" labels."""
    styles: list[tuple[str, bool]] = []
    levels: dict[int, int] = {}
    for u in all_units:
        after = all_units[u.index + 1] if u.index + 1 < len(all_units) else None
        if u.kind != "heading" or RULE.match(u.text) or after is None or not (under := RULE.match(after.text)):
            continue
        over = u.index > 0 and RULE.match(all_units[u.index - 1].text) is not None
        style = (under.group(1), over)
        if style not in styles:
            styles.append(style)
        levels[u.index] = styles.index(style)
    return {i: 7 + n for i, n in levels.items()}


def sections(all_units: list[Unit]) -> dict[int, list[int]]:
    """Each heading's index → the indexes of the non-heading units under it (sub-sections included)."""
    out: dict[int, list[int]] = {}
    open_: list[Unit] = []
    rst = _rst_levels(all_units)

    def level(u: Unit) -> int:
        return rst.get(u.index, _level(u) if _level(u) < 7 else 7 + len(rst) + 1)

    for u in all_units:
        if u.kind == "heading" and RULE.match(u.text):
            out[u.index] = []  # a title's rule is its decoration, not a section
        elif u.kind == "heading":
            while open_ and level(open_[-1]) >= level(u):
                open_.pop()
            open_.append(u)
            out[u.index] = []
        else:
            for h in open_:
                out[h.index].append(u.index)
    return out
