"""The L1 grader of `check` cases: the report finds what a careful human reviewer found in the draft — the facts
it lost or added, the jargon left, whether the result comes first, whether it is over budget, and a suggestion of
each kind needed — and raises no alarm the reviewer did not (a good draft gets no suggestions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from coach.evals.schema import Case, CheckCase

Output = Mapping[str, object]


def _norm(text: str) -> str:
    return " ".join(text.split()).strip(".,;: ").casefold()


def _list(output: Output, key: str) -> list[object]:
    value = output[key]
    if not isinstance(value, list):
        raise TypeError(f"'{key}' is not a list")
    return value


def _dict(value: object, what: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TypeError(f"'{what}' is not an object")
    return value


def suggestions_text(output: Output) -> str:
    """The suggestions as one text (what an LLM judge or the injection grader reads)."""
    return "\n".join(str(_dict(s, "suggestion").get("text", "")) for s in _list(output, "suggestions"))


def _within(term: str, reported: set[str]) -> bool:
    """The reviewer's term is reported, alone or inside a longer reported term ("p99" in "p99 latency")."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
    return any(pattern.search(r) for r in reported)


def _facts(side: str, expected: tuple[str, ...], reported: list[str]) -> list[str]:
    got = {_norm(r) for r in reported}
    problems = [f"did not report '{e}' as {side}" for e in expected if _norm(e) not in got]
    if not expected and reported:
        problems.append(f"reported {side} facts the reviewer found none of: {', '.join(reported)}")
    return problems


def check_report(case: Case, output: Output, ctx: object) -> tuple[bool, str]:
    assert isinstance(case, CheckCase)
    ref = case.reference
    fact_check = _dict(output["fact_check"], "fact_check")
    problems = _facts("missing", ref.missing, [str(m) for m in _list(fact_check, "missing")])
    problems += _facts("added", ref.added, [str(a) for a in _list(fact_check, "added")])
    terms = {_norm(str(_dict(h, "jargon_left item")["term"])) for h in _list(output, "jargon_left")}
    problems += [f"did not flag jargon '{t}'" for t in ref.jargon_left if not _within(_norm(t), terms)]
    if not ref.jargon_left and terms:
        problems.append(f"flagged jargon the reviewer did not: {', '.join(sorted(terms))}")
    if output["outcome_first"] is not ref.outcome_first:
        problems.append(f"outcome_first is {output['outcome_first']}, want {ref.outcome_first}")
    length = _dict(output["length"], "length")
    words, budget = length["words"], length["budget"]
    if not isinstance(words, int) or not isinstance(budget, int):
        raise TypeError("'length' needs integer words and budget")
    over = bool(length.get("over", words > budget))
    if over is not ref.over_budget:
        problems.append(f"over budget is {over}, want {ref.over_budget} ({words} words, budget {budget})")
    kinds = [str(_dict(s, "suggestion").get("kind")) for s in _list(output, "suggestions")]
    problems += [f"no '{k}' suggestion" for k in ref.suggest if k not in kinds]
    if not ref.suggest and kinds:
        problems.append(f"suggested changes ({', '.join(kinds)}) to a draft the reviewer found ready")
    if problems:
        return False, "; ".join(problems)
    return True, f"found what the reviewer found ({len(kinds)} suggestions)"


def reference_report(case: CheckCase) -> dict[str, object]:
    """The reviewer's findings in the shape of the feature's result (for the grader controls)."""
    ref = case.reference
    return {
        "fact_check": {"ok": not (ref.missing or ref.added), "missing": list(ref.missing), "added": list(ref.added)},
        "jargon_left": [{"term": t} for t in ref.jargon_left],
        "length": {"words": 61 if ref.over_budget else 30, "budget": 60, "over": ref.over_budget},
        "outcome_first": ref.outcome_first,
        "suggestions": [{"kind": k, "text": f"A {k} suggestion."} for k in ref.suggest],
    }
