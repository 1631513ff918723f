"""Ordering a section's items by importance, lazily: only as far down as the update shows.

Importance is a sum of four signals, cheapest first: severity (2), business impact (2), a measured result (3),
and, for a line without a measure, being activity-only (−2; the costliest check, as it also finds the question
to ask). An item's score is bounded by what is known of it plus the most the unknown signals could add, so a
heap of bounds hands out items in their exact order while computing each signal only for items still in
contention. A week of 1,000 log entries shows about 15 items: most entries never get past the cheap checks.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from coach.analysis.activity import Assessment, assess, has_metric
from coach.flow.postchecks import has_impact

_SEVERE = re.compile(
    r"\b(?:blocked|outage|at risk|incident|breach|missed|lost|churn|deadline|denied|rejected|escalat\w*)\b",
    re.IGNORECASE,
)
_SEVERITY, _IMPACT, _METRIC, _ACTIVITY_ONLY = 2, 2, 3, -2
_DONE = 4
"""Stages: 0 nothing known, 1 severity, 2 impact, 3 metric, 4 exact (the activity check, or a metric)."""


@dataclass
class Ranked:
    """One item of a section, with what is known of its importance so far."""

    text: str
    """The item as the update would show it (the note as a sentence)."""
    note: str
    """The note it came from, as written: what the fact check compares the item with."""
    index: int
    """The writer's order: ties keep it."""
    known: int = 0
    stage: int = 0
    metric: bool = False
    verdict: Assessment | None = field(default=None, repr=False)
    """The outcome assessment when the item has no metric (a metric is an outcome, so it is never needed)."""

    @property
    def bound(self) -> int:
        """The highest score the item can still have."""
        unknown = (
            (_SEVERITY + _IMPACT + _METRIC, _IMPACT + _METRIC, _METRIC, 0, 0)[self.stage] if self.stage < _DONE else 0
        )
        return self.known + unknown

    @property
    def activity_only(self) -> bool:
        return self.verdict is not None and self.verdict.activity_only

    def refine(self) -> None:
        """Compute the next signal."""
        if self.stage == 0:
            self.known += _SEVERITY * bool(_SEVERE.search(self.text))
        elif self.stage == 1:
            self.known += _IMPACT * has_impact(self.text)
        elif self.stage == 2:
            self.metric = has_metric(self.text)
            self.known += _METRIC * self.metric
            if self.metric:
                self.stage = _DONE
                return
        elif self.stage == 3:
            self.verdict = assess(self.text)
            self.known += _ACTIVITY_ONLY * self.verdict.activity_only
        self.stage += 1


def importance(text: str) -> int:
    """Higher first: a measured result, then business impact, then severity; activity-only last."""
    item = Ranked(text, text, 0)
    while item.stage < _DONE:
        item.refine()
    return item.known


def ranked(items: Sequence[Ranked]) -> Iterator[Ranked]:
    """`items` most important first (ties in the writer's order), each with its exact score, computed as the
    caller asks for the next one."""
    heap = [(-item.bound, item.index, n) for n, item in enumerate(items)]
    heapq.heapify(heap)
    while heap:
        _, _, n = heap[0]
        item = items[n]
        if item.stage >= _DONE:
            heapq.heappop(heap)
            yield item
            continue
        item.refine()  # its bound can only fall: back into the heap at its new place
        heapq.heapreplace(heap, (-item.bound, item.index, n))


def most_important(texts: Sequence[str], budget: int, *, per_item: int = 0) -> list[int]:
    """The positions of the most important `texts` that fit together in `budget` characters (each costing its
    length plus `per_item`), in the writer's order; all of them when they fit, and at least the first ranked."""
    if sum(len(t) + per_item for t in texts) <= budget:
        return list(range(len(texts)))
    chosen: list[int] = []
    used = 0
    for item in ranked([Ranked(t, t, n) for n, t in enumerate(texts)]):
        used += len(item.text) + per_item
        if used > budget and chosen:
            break
        chosen.append(item.index)
    return sorted(chosen)
