"""`Coach`: the one object the CLI, the UI and users' scripts call. Every feature runs through `run`."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import registry
from coach.errors import InputError
from coach.flow.context import MAX_CONCURRENCY, RunContext
from coach.flow.pipeline import run
from coach.flow.results import Common, Engine
from coach.readers import Reader
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.analysis.jargon import JargonIndex
    from coach.features.outcomes import OutcomesResult
    from coach.features.tradeoffs import TradeoffsResult
    from coach.features.translate import TranslateResult
    from coach.features.uncertainty import UncertaintyResult
    from coach.features.weekly import WeeklyResult
    from coach.store import Store


@cache
def _index(team_glossary: Path | None) -> JargonIndex:
    from coach.analysis.glossary import load_glossary
    from coach.analysis.jargon import JargonIndex

    return JargonIndex(load_glossary(team_glossary))


class Coach:
    """Communication coach: pick an engine once, then call features.

    >>> coach = Coach.from_settings()
    >>> coach.translate("Our model has high recall but low precision.", audience="executive").rewrite
    """

    def __init__(self, settings: Settings, *, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self.engine: Engine = "llm" if chat_model is not None else settings.resolved_engine()
        self.chat_model = chat_model
        if self.engine == "llm" and self.chat_model is None:
            from coach.model.seam import build_chat_model  # imported lazily: the offline path never loads LangChain

            self.chat_model = build_chat_model(settings)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, chat_model: BaseChatModel | None = None) -> Coach:
        """A coach configured from the environment (COACH_ENGINE, OPENAI_BASE_URL, ...) unless settings are given."""
        return cls(settings or Settings.load(), chat_model=chat_model)

    @cached_property
    def index(self) -> JargonIndex:
        """The glossary compiled for matching; built on first use, so `coach log` never pays for it."""
        return _index(self.settings.glossary_path)

    @property
    def model_name(self) -> str | None:
        return self.settings.model if self.engine == "llm" else None

    def context(self) -> RunContext:
        """A new request: its deadline (COACH_DEADLINE) starts now."""
        return RunContext(
            settings=self.settings, engine=self.engine, chat_model=self.chat_model, index_factory=lambda: self.index
        )

    def run(self, feature: str, /, **inputs: Any) -> Common:
        """Run any registered feature by name (coach/registry.py) with its inputs; returns its result model."""
        result: Common = run(registry.feature(feature), self.context(), **inputs)
        return result

    # --- translate ------------------------------------------------------------------------------------------

    def translate(self, text: str, audience: str | Reader = "executive") -> TranslateResult:
        """Rewrite technical `text` for one audience, with changes, jargon, fact check and warnings."""
        from coach.features.translate import FEATURE

        return run(FEATURE, self.context(), text=text, audience=audience)

    def translate_many(self, text: str, audiences: Sequence[str | Reader]) -> list[TranslateResult]:
        """One rewrite per audience of the same text, each fact-checked against the same original.

        The rewrites are independent: with the LLM engine they are asked concurrently, under one deadline.
        """
        from coach.features.translate import FEATURE, as_reader

        if not audiences:
            raise InputError("Name at least one audience.")
        readers = [as_reader(a) for a in audiences]  # an unknown audience fails before any model call
        first = self.context()
        if self.engine == "offline" or len(readers) == 1:
            return [run(FEATURE, first, text=text, audience=r) for r in readers]

        def one(reader: Reader) -> TranslateResult:
            ctx = self.context()
            ctx.started = first.started  # the same deadline for every audience of this request
            return run(FEATURE, ctx, text=text, audience=reader)

        with ThreadPoolExecutor(max_workers=min(MAX_CONCURRENCY, len(readers))) as pool:
            return list(pool.map(one, readers))

    # --- outcomes, outcome log, weekly update ---------------------------------------------------------------

    @cached_property
    def store(self) -> Store:
        """The outcome log and history (COACH_DB_URL), opened on first use; StoreError if it cannot be."""
        from coach.store import Store

        return Store.open(self.settings.db_url)

    def outcomes(self, text_or_lines: str | Sequence[str]) -> OutcomesResult:
        """One outcome statement per task (one per line), or the question that would turn it into one."""
        from coach.features.outcomes import FEATURE

        return run(FEATURE, self.context(), tasks=text_or_lines)

    def weekly(
        self,
        *,
        week: str | None = None,
        notes: str | None = None,
        reader: str = "manager",
        fmt: str = "markdown",
    ) -> WeeklyResult:
        """Progress / Problems / Plan for `week` (default: this week) from `notes`, else from the outcome log."""
        from coach.features.weekly import FEATURE, notes_from_entries, resolve_week

        if notes is None:
            wk = resolve_week(week)
            entries = notes_from_entries(self.store.list_entries(wk))
            return run(FEATURE, self.context(), notes=entries, week=wk, reader=reader, fmt=fmt, source="log")
        return run(FEATURE, self.context(), notes=notes, week=week, reader=reader, fmt=fmt, source="notes")

    # --- trade-offs, ML uncertainty -------------------------------------------------------------------------

    def tradeoffs(self, request: str, workstreams: str | Sequence[str], *, asker: str | None = None) -> TradeoffsResult:
        """The request weighed against the planned workstreams ('NAME: status', a list or one per line): curious
        questions, the three options (absorb, adjust, decline) per workstream, a recommendation and a message."""
        from coach.features.tradeoffs import FEATURE

        return run(FEATURE, self.context(), request=request, workstreams=workstreams, asker=asker)

    def uncertainty(self, notes: str) -> UncertaintyResult:
        """ML experiment notes as hypotheses, results and what was learned; honest confidence, the next decision,
        and the phrases that claim more (or less) than the evidence shows."""
        from coach.features.uncertainty import FEATURE

        return run(FEATURE, self.context(), notes=notes)
