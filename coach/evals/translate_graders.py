"""Graders for what a translation must do beyond facts and jargon: lead with the outcome, say why it matters,
flag the jargon it cannot explain, and avoid the rewrite errors seen on real texts (each case lists its own)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from coach.evals.schema import TranslateCase

Output = Mapping[str, object]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def reference(case: TranslateCase) -> dict[str, object]:
    """The case's hand-written reference as a result: its first sentence says why it matters (a good rewrite leads
    with the impact) and it flags what the case says must be flagged (the labels are the reference's flags)."""
    return {
        "rewrite": case.reference,
        "why_it_matters": first_sentence(case.reference),
        "jargon": [{"term": term} for term in case.flagged],
    }


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def lead(case: TranslateCase, output: Output) -> tuple[bool, str]:
    """The rewrite's first sentence holds one of the case's `lead` strings (the outcome this reader acts on)."""
    first = first_sentence(str(output["rewrite"]))
    if any(s.lower() in first.lower() for s in case.lead):
        return True, "leads with: " + first[:80]
    return False, f"first sentence holds none of {list(case.lead)}: {first[:120]!r}"


def forbidden(case: TranslateCase, output: Output) -> tuple[bool, str]:
    """No pattern the case forbids (a pasted noun phrase, a double negative, a nested bracket…) in rewrite or
    details."""
    text = f"{output['rewrite']}\n{output.get('details') or ''}"
    hits = [m.group() for p in case.forbidden if (m := re.search(p, text, re.IGNORECASE))]
    return (False, "found: " + "; ".join(hits)) if hits else (True, f"none of {len(case.forbidden)} patterns")


def flagged(case: TranslateCase, output: Output) -> tuple[bool, str]:
    """Every term the case lists is reported in `jargon` (flagged in the original, explained or not)."""
    jargon = output.get("jargon")
    spans = (
        [str(h.get("term", "")).lower() for h in jargon if isinstance(h, Mapping)] if isinstance(jargon, list) else []
    )
    missing = [t for t in case.flagged if not any(t.lower() in s or s in t.lower() for s in spans if s)]
    return (False, "not flagged: " + ", ".join(missing)) if missing else (True, f"all {len(case.flagged)} flagged")


def why(case: TranslateCase, output: Output) -> tuple[bool, str]:
    """`why_it_matters` is filled (the case's text carries an impact signal)."""
    value = output.get("why_it_matters")
    return (True, str(value)) if isinstance(value, str) and value.strip() else (False, "why_it_matters is empty")


def _adapt(
    check: Callable[[TranslateCase, Output], tuple[bool, str]],
) -> Callable[[Any, Output, Any], tuple[bool, str]]:
    def grade(case: Any, output: Output, ctx: Any) -> tuple[bool, str]:
        assert isinstance(case, TranslateCase)
        return check(case, output)

    return grade


GRADERS: tuple[tuple[str, Callable[[Any], bool], Callable[[Any, Output, Any], tuple[bool, str]]], ...] = (
    ("lead", lambda c: isinstance(c, TranslateCase) and bool(c.lead), _adapt(lead)),
    ("forbidden", lambda c: isinstance(c, TranslateCase) and bool(c.forbidden), _adapt(forbidden)),
    ("flagged", lambda c: isinstance(c, TranslateCase) and bool(c.flagged), _adapt(flagged)),
    ("why_it_matters", lambda c: isinstance(c, TranslateCase) and c.why_it_matters, _adapt(why)),
)
"""(name, applies to case, grade) of each translate grader; coach.evals.graders wraps them as Graders."""
