"""The weekly update's result: Progress / Problems / Plan for one reader, rendered for pasting."""

from __future__ import annotations

from pydantic import Field

from coach.features.weekly.notes import SECTIONS
from coach.features.weekly.render import Format, render
from coach.flow.results import Common


class WeeklyResult(Common):
    """A Progress / Problems / Plan update for one reader, rendered for pasting."""

    reader: str = Field(description="Who the update is for: a reader id from prompts/readers.yaml (manager ...).")
    week: str = Field(description="The ISO week the update covers, e.g. 2026-W48.")
    format: Format = Field(description="The format `text` is rendered in: markdown, slack or email.")
    progress: list[str] = Field(min_length=1, max_length=5, description="Results this week, most important first.")
    problems: list[str] = Field(min_length=1, max_length=5, description="What went wrong, is blocked or at risk.")
    plan: list[str] = Field(min_length=1, max_length=5, description="What comes next, most important first.")
    text: str = Field(description="The whole update in `format`, ready to paste.")

    def render(self, fmt: Format) -> str:
        """The update in another format (the same sections)."""
        return render(self.week, self.reader, {s: getattr(self, s) for s in SECTIONS}, fmt)
