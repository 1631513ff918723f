"""`Coach`: the one object the CLI, the UI and users' scripts call. Every feature is a method here."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coach.analysis.glossary import load_glossary
from coach.analysis.jargon import JargonIndex
from coach.audiences import Audience, get_audience
from coach.errors import InputError
from coach.settings import Settings
from coach.translate import Change, TranslateResult, finish, offline_translate
from coach.validate import clean_text

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.outcomes import OutcomesResult
    from coach.store import Store
    from coach.weekly import WeeklyResult


@cache
def _index(team_glossary: Path | None) -> JargonIndex:
    return JargonIndex(load_glossary(team_glossary))


class Coach:
    """Communication coach: pick an engine once, then call features.

    >>> coach = Coach.from_settings()
    >>> coach.translate("Our model has high recall but low precision.", audience="executive").rewrite
    """

    def __init__(self, settings: Settings, *, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self.engine: Literal["offline", "llm"] = "llm" if chat_model is not None else settings.resolved_engine()
        self.chat_model = chat_model
        if self.engine == "llm" and self.chat_model is None:
            from coach.llm import build_chat_model  # imported lazily: the offline path never loads LangChain

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

    def translate(self, text: str, audience: str | Audience = "executive") -> TranslateResult:
        """Rewrite technical `text` for one audience, with changes, jargon, fact check and warnings."""
        reader = audience if isinstance(audience, Audience) else get_audience(audience)
        clean = clean_text(text, limit=self.settings.max_input_chars, what="translate")
        if self.engine == "offline":
            return offline_translate(clean, reader, self.index)
        return self._llm_translate(clean, reader)

    def translate_many(self, text: str, audiences: Sequence[str | Audience]) -> list[TranslateResult]:
        """One rewrite per audience of the same text; each is fact-checked against the same original."""
        if not audiences:
            raise InputError("Name at least one audience.")
        readers = [a if isinstance(a, Audience) else get_audience(a) for a in audiences]
        return [self.translate(text, reader) for reader in readers]

    def _llm_translate(self, text: str, audience: Audience) -> TranslateResult:
        from coach.translate_llm import llm_translate

        assert self.chat_model is not None
        draft, prompt_hash = llm_translate(
            self.chat_model,
            text=text,
            audience_name=audience.name,
            audience_profile=audience.profile(),
            deadline_s=self.settings.deadline_s,
        )
        changes = [Change(from_=c.before, to=c.after, reason=c.reason) for c in draft.changes]
        return finish(
            text,
            draft.rewrite,
            audience,
            self.index,
            engine="llm",
            changes=changes,
            why_it_matters=draft.why_it_matters,
            model=self.model_name,
            prompt_hash=prompt_hash,
        )

    # --- outcomes, outcome log, weekly update (coach/outcomes.py, coach/store/, coach/weekly.py) ----------

    @cached_property
    def store(self) -> Store:
        """The outcome log and history (COACH_DB_URL), opened on first use; StoreError if it cannot be."""
        from coach.store import Store

        return Store.open(self.settings.db_url)

    def outcomes(self, text_or_lines: str | Sequence[str]) -> OutcomesResult:
        """One outcome statement per task (one per line), or the question that would turn it into one."""
        from coach.outcomes import make_outcomes

        return make_outcomes(
            text_or_lines,
            engine=self.engine,
            chat_model=self.chat_model,
            deadline_s=self.settings.deadline_s,
            model_name=self.model_name,
        )

    def weekly(
        self,
        *,
        week: str | None = None,
        notes: str | None = None,
        reader: str = "manager",
        fmt: str = "markdown",
    ) -> WeeklyResult:
        """Progress / Problems / Plan for `week` (default: this week) from `notes`, else from the outcome log."""
        from coach.weekly import make_weekly, notes_from_entries, notes_from_text, resolve_week

        wk = resolve_week(week)
        if notes is None:
            parsed, source = notes_from_entries(self.store.list_entries(wk)), "log"
        else:
            parsed, source = notes_from_text(notes, limit=self.settings.max_input_chars), "notes"
        return make_weekly(
            parsed,
            week=wk,
            reader=reader,
            fmt=fmt,
            engine=self.engine,
            chat_model=self.chat_model,
            deadline_s=self.settings.deadline_s,
            model_name=self.model_name,
            source=source,
        )
