"""Spans of text: overlap tests against spans already claimed, and the outermost of nested spans."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


def outermost(spans: Iterable[S]) -> list[S]:
    """The longest non-overlapping spans, left to right (what a rewrite substitutes, what the UI highlights)."""
    chosen: list[S] = []
    last_end = -1
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.start >= last_end:
            chosen.append(span)
            last_end = span.end
    return chosen


class Intervals:
    """Spans already claimed, kept sorted so an overlap test is a binary search, not a scan (texts are long)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)  # merge nested or overlapping spans
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._ends, start + 1)  # first span ending after `start`
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        # Only called for spans that overlap nothing, so the lists stay disjoint and sorted.
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
