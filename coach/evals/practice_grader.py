"""The practice grader: a scored answer's scores fall in the ranges a person expected for it.

A practice case says, for the criteria it is about, the range of scores a careful human would give the answer
(`reference.scores: {jargon: [1, 2]}`) and the range of the overall score. A scorer that rewards jargon, or
gives a plain outcome-first answer a low mark, fails here whatever else it gets right.
"""

from __future__ import annotations

from collections.abc import Mapping

from coach.evals.schema import Case, PracticeCase


def has_ranges(case: Case) -> bool:
    """Whether the grader applies: a practice case that expects score ranges."""
    return isinstance(case, PracticeCase) and bool(case.reference.scores or case.reference.overall)


def score_ranges(case: Case, output: Mapping[str, object]) -> tuple[bool, str]:
    """Every expected criterion (and the overall score) inside its range."""
    assert isinstance(case, PracticeCase)
    scores = output.get("scores")
    if not isinstance(scores, Mapping):
        return False, "no scores in the answer"
    problems = []
    for criterion, (low, high) in case.reference.scores.items():
        got = scores.get(criterion)
        if not isinstance(got, int | float) or not low <= got <= high:
            problems.append(f"{criterion} {got} not in {low}–{high}")
    if case.reference.overall is not None:
        low_o, high_o = case.reference.overall
        got_o = output.get("overall")
        if not isinstance(got_o, int | float) or not low_o <= got_o <= high_o:
            problems.append(f"overall {got_o} not in {low_o:g}–{high_o:g}")
    if problems:
        return False, "; ".join(problems)
    return True, f"{len(case.reference.scores)} criteria and the overall score in their expected ranges"


def reference_scores(case: PracticeCase) -> dict[str, object]:
    """The case's reference as a result: its better answer, and scores in the middle of each expected range."""
    scores = {c: (low + high) // 2 for c, (low, high) in case.reference.scores.items()}
    out: dict[str, object] = {"better_answer": case.reference.better_answer, "scores": scores}
    if case.reference.overall is not None:
        out["overall"] = round(sum(case.reference.overall) / 2, 1)
    return out
