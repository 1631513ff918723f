"""`Coach`: the one object the CLI, the UI and users' scripts call. Every feature runs through `run`."""

from __future__ import annotations

import contextvars
import logging
import queue
import threading
from collections.abc import Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import registry
from coach.errors import InputError, StoreError
from coach.flow.context import MAX_CONCURRENCY, RunContext
from coach.flow.pipeline import run
from coach.flow.results import Common, Engine
from coach.readers import Reader
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.analysis.jargon_index import JargonIndex
    from coach.features.check import CheckResult
    from coach.features.outcomes import OutcomesResult
    from coach.features.practice import PracticeResult, PracticeSession
    from coach.features.tradeoffs import TradeoffsResult
    from coach.features.translate import TranslateResult
    from coach.features.uncertainty import UncertaintyResult
    from coach.features.weekly import WeeklyResult
    from coach.local_model import LocalModel
    from coach.store import Profile, Store

log = logging.getLogger(__name__)


@lru_cache(maxsize=8)  # keyed by the team file's mtime: an edited glossary is read again
def _index(team_glossary: Path | None, kept: tuple[str, ...] = (), mtime: float = 0.0) -> JargonIndex:
    """The compiled glossary: built-in, then the team file, then the profile's names (known to every reader, so
    never flagged or replaced). `mtime` is the team file's: an edited file is a new key, read again."""
    from coach.analysis.glossary import load_glossary
    from coach.analysis.jargon_index import JargonIndex

    glossary = load_glossary(team_glossary)
    if kept:
        from coach.profile_terms import kept_glossary

        glossary = glossary.merged_with(kept_glossary(kept, glossary))
    return JargonIndex(glossary)


class Coach:
    """Communication coach: pick an engine once, then call features.

    >>> coach = Coach.from_settings()
    >>> coach.translate("Our model has high recall but low precision.", audience="executive").rewrite
    """

    def __init__(self, settings: Settings, *, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self.engine: Engine = "llm" if chat_model is not None else settings.resolved_engine()
        self.local_model: LocalModel | None = None
        """The local Ollama model `from_settings` found (COACH_ENGINE=auto, nothing configured), if any."""
        self.chat_model = chat_model
        if self.engine == "llm" and self.chat_model is None:
            from coach.model.seam import build_chat_model  # imported lazily: the offline path never loads LangChain

            self.chat_model = build_chat_model(settings)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, chat_model: BaseChatModel | None = None) -> Coach:
        """A coach configured from the environment (COACH_ENGINE, OPENAI_BASE_URL, ...) unless settings are given.

        With COACH_ENGINE=auto and no key or endpoint, a local Ollama (COACH_OLLAMA_URL) with a pulled chat model
        is used if it answers within a fraction of a second; `local_model` then names it.
        """
        settings = settings or Settings.load()
        found = None
        if chat_model is None and settings.engine == "auto" and settings.resolved_engine() == "offline":
            from coach.local_model import find_ollama

            preferred = settings.model if "model" in settings.model_fields_set else None
            found = find_ollama(settings.ollama_url, preferred=preferred)
            if found is not None:
                settings = settings.model_copy(update={"openai_base_url": found.base_url, "model": found.name})
        coach = cls(settings, chat_model=chat_model)
        coach.local_model = found
        return coach

    @cached_property
    def index(self) -> JargonIndex:
        """The glossary compiled for matching (with the team glossary and the profile's names); built on first use,
        so `coach log` never pays for it."""
        team = self.settings.team_glossary()
        mtime = team.stat().st_mtime if team.is_file() else 0.0
        given = self.settings.glossary_path is not None or mtime > 0  # an explicit path must exist (DataError)
        return _index(team if given else None, self.profile.kept_names(), mtime)

    @cached_property
    def profile(self) -> Profile:
        """The user's saved profile (an empty one when none was saved, or the store cannot be read)."""
        from coach.store import Profile

        url = self.settings.db_url
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///").split("?", 1)[0]).exists():
            return Profile()  # no database yet, so no profile: not worth loading the database library for
        try:
            return self.store.get_profile()
        except StoreError as exc:  # the profile refines results; a missing database must not stop a feature
            log.warning("coach: profile not applied: %s", exc)
            return Profile()

    def save_profile(self, profile: Profile) -> Profile:
        """Save the profile; every later request of this coach applies it (names kept, context for the model)."""
        self.profile = self.store.save_profile(profile)
        self.reload()
        return self.profile

    def reload(self) -> None:
        """Read the glossary (and the team glossary file) again on the next request, e.g. after it was edited."""
        self.__dict__.pop("index", None)

    @property
    def model_name(self) -> str | None:
        return self.settings.model if self.engine == "llm" else None

    def context(self) -> RunContext:
        """A new request: its deadline (COACH_DEADLINE) starts now."""
        return RunContext(
            settings=self.settings,
            engine=self.engine,
            chat_model=self.chat_model,
            index_factory=lambda: self.index,
            writer=self.profile.note() if self.engine == "llm" else "",
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

    def translate_stream(
        self, text: str, audience: str | Reader = "executive"
    ) -> Generator[str | TranslateResult, None, None]:
        """`translate`, streamed: with the LLM engine, the rewrite as the model writes it (each `str` is the whole
        rewrite so far; '' when a retry starts over), then the `TranslateResult`, checked exactly as `translate`
        checks it. The offline engine (or a cached answer) yields only the result. Errors are `translate`'s.

        >>> for step in coach.translate_stream(text, "executive"):
        ...     print(step if isinstance(step, str) else step.rewrite)
        """
        from coach.features.translate import FEATURE

        ctx = self.context()
        if self.engine == "offline":
            yield run(FEATURE, ctx, text=text, audience=audience)
            return
        from coach.model.seam import streaming

        steps: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        restore = ctx.redactor.restore if ctx.redactor is not None else str  # placeholders back, as in the result
        cancel = threading.Event()

        def work() -> None:
            try:
                with streaming("rewrite", lambda partial: steps.put(("text", restore(partial)))) as sink:
                    sink.cancelled = cancel
                    steps.put(("done", run(FEATURE, ctx, text=text, audience=audience)))
            except BaseException as exc:  # handed to the caller's thread, raised there
                steps.put(("error", exc))

        # The work runs in the caller's context (a UI's prompt recorder sees the messages sent).
        threading.Thread(target=contextvars.copy_context().run, args=(work,), name="coach-translate-stream").start()
        try:
            step = steps.get()
            while True:
                kind, value = step
                if kind == "text" and value == "":
                    yield value  # a retry starts over: the reader must see the text taken back
                    step = steps.get()
                    continue
                if kind == "text":
                    # A slow reader gets the latest text, not each piece; but the last text of an attempt (before
                    # a retry starts over with "", or before the result) is always given.
                    step = steps.get()
                    while step[0] == "text" and step[1] != "" and not steps.empty():
                        value, step = step[1], steps.get()
                    if step[0] == "text" and step[1] != "":
                        value, step = step[1], None  # type: ignore[assignment]
                    yield value
                    if step is None:
                        step = steps.get()
                    continue
                if kind == "error":
                    raise value
                yield value
                if kind == "done":
                    return
                step = steps.get()
        finally:
            cancel.set()  # the caller stopped listening (or the run ended): a stream still open stops reading

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

    def check(self, original: str, draft: str, *, audience: str | Reader = "executive") -> CheckResult:
        """Check the writer's own `draft` of technical `original` for one audience: facts lost or added, jargon
        left, length against the reader's budget, outcome first, readability, and suggestions."""
        from coach.features.check import FEATURE

        return run(FEATURE, self.context(), original=original, draft=draft, audience=audience)

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

    # --- practice (coach/features/practice/: scoring and the role-play session) -----------------------------

    def practice_score(
        self,
        answer: str,
        *,
        persona: str | None = None,
        question: str | None = None,
        scenario: str | None = None,
        repeat: int = 1,
    ) -> PracticeResult:
        """Score `answer` to a persona's `question` (or a scenario's) against the pinned rubric. With `repeat` N > 1
        it is scored N times (uncached, concurrently, under one deadline) and `stability` reports the spread."""
        from coach.features.practice import FEATURE, stability

        if not 1 <= repeat <= 10:
            raise InputError(f"--repeat takes 1 to 10 (got {repeat}).")
        inputs = {"persona": persona, "question": question, "scenario": scenario, "answer": answer}
        first = self.context()
        if repeat == 1:
            return run(FEATURE, first, **inputs)

        def one(_: int) -> PracticeResult:
            ctx = self.context()
            ctx.started = first.started
            ctx.settings = ctx.settings.model_copy(update={"cache": False})  # N real scorings, not one and N-1 hits
            return run(FEATURE, ctx, **inputs)

        with ThreadPoolExecutor(max_workers=min(MAX_CONCURRENCY, repeat)) as pool:
            results = list(pool.map(one, range(repeat)))
        return results[0].model_copy(update={"stability": stability(results)})

    def practice_start(
        self, persona: str | None = None, scenario: str | None = None, *, max_answers: int = 3, save: bool = True
    ) -> PracticeSession:
        """A role-play: the persona opens with the scenario's question (saved in the store unless `save` is off)."""
        from coach.features.practice import session

        new = session.start(persona, scenario, engine=self.engine, max_answers=max_answers)
        return session.persist(self.store, None, new) if save else new

    def practice_reply(self, current: PracticeSession, answer: str) -> PracticeSession:
        """The session after `answer`: scored, then the persona's follow-up or the debrief (saved if it was)."""
        from coach.features.practice import session

        after = session.reply(current, answer, self.context())
        return session.persist(self.store, current, after) if current.id is not None else after

    def practice_end(self, current: PracticeSession) -> PracticeSession:
        """End the session now, with its debrief."""
        from coach.features.practice import session

        after = session.end(current, self.context())
        return session.persist(self.store, current, after) if current.id is not None else after

    def practice_session(self, session_id: int) -> PracticeSession:
        """A saved session, to reopen."""
        from coach.features.practice import session

        return session.load(self.store, session_id)
