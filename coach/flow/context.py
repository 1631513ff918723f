"""One user request's run settings: the engine, the model, the glossary, and the request's single deadline.

A feature never reads settings or builds a model itself: the pipeline hands it a `RunContext`, and every model
call goes through `ask` / `ask_many`, so the deadline, the concurrency limit and the prompt record are the same
for every feature.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from platformdirs import user_cache_dir
from pydantic import BaseModel

from coach.errors import ConfigError, ModelError
from coach.flow.results import Engine, PromptRef
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.analysis.facts import FactCheck
    from coach.analysis.jargon_index import JargonIndex
    from coach.flow.redaction import Redactor
    from coach.model.cache import AnswerCache
    from coach.model.prompts import PromptSpec

S = TypeVar("S", bound=BaseModel)

WRITER_ACK = "Noted. I will keep those names and terms exactly as written and use this context."
"""The assistant's turn after the profile: shows the model the profile was read, not a task to answer."""
MAX_CONCURRENCY = 8
"""Model calls of one request in flight at once (several audiences, batches of tasks)."""


@dataclass
class RunContext:
    """What one run of a feature may use. Built by `Coach` per user request; the deadline starts then."""

    settings: Settings
    engine: Engine
    chat_model: BaseChatModel | None
    index_factory: Callable[[], JargonIndex]
    started: float = field(default_factory=time.monotonic)
    prompts: list[PromptRef] = field(default_factory=list)
    """The prompt files this run asked with (the result records the first)."""
    calls: int = 0
    cache_hits: int = 0
    writer: str = ""
    """The user's profile as a few lines (coach/store Profile.note); sent before every model call when set."""

    @property
    def deadline(self) -> float:
        """When this request must end (time.monotonic); COACH_DEADLINE after it started."""
        return self.started + self.settings.deadline_s

    def remaining(self) -> float:
        """Seconds left before the deadline; a ModelError once it has passed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ModelError(
                f"The request did not finish within {self.settings.deadline_s:g} s (COACH_DEADLINE).", kind="timeout"
            )
        return left

    @cached_property
    def index(self) -> JargonIndex:
        """The glossary compiled for matching (built once per process, see Coach.index)."""
        return self.index_factory()

    @property
    def model_name(self) -> str | None:
        return self.settings.model if self.engine == "llm" else None

    def _model(self) -> BaseChatModel:
        if self.chat_model is None:
            raise ConfigError("The LLM engine needs a chat model; use the offline engine or configure a model.")
        return self.chat_model

    def ask(
        self,
        prompt: str | PromptSpec,
        schema: type[S],
        variables: Mapping[str, str],
        *,
        history: Sequence[tuple[str, str]] = (),
    ) -> S:
        """One structured model call with `prompt` rendered from `variables`, inside this request's deadline.

        `history` is earlier turns as ("user" | "assistant", text) pairs, placed between the prompt's few-shot
        examples and the rendered human message: a role-play or a follow-up is the same call.
        """
        from coach.model.seam import structured_call

        spec = self._spec(prompt)
        self.calls += 1
        if self.writer:
            # As an earlier turn, delimited like every user text: the profile is data about the writer, and a
            # prompt file needs no new variable (nor version) for it.
            history = (("user", f"About me, the writer:\n{self.writer}"), ("assistant", WRITER_ACK), *history)
        if self.redactor is not None:  # COACH_REDACT=on: emails, phones, names leave as placeholders
            variables, history = self.redactor.hide_variables(variables), self.redactor.hide_history(history)
        answer = structured_call(
            self._model(),
            spec,
            schema,
            variables,
            deadline=self.deadline,
            history=history,
            cache=self._cache(),
            on_cache_hit=self._hit,
        )
        return answer if self.redactor is None else self.redactor.restore_answer(answer)

    @cached_property
    def redactor(self) -> Redactor | None:
        """This request's placeholders (coach/flow/redaction.py) when COACH_REDACT=on, else None."""
        from coach.flow.redaction import Redactor

        return Redactor(self.settings.redaction_names()) if self.settings.redact else None

    def _cache(self) -> AnswerCache | None:
        from coach.model.cache import answer_cache

        if not self.settings.cache:
            return None
        return answer_cache(self.settings.cache_dir or Path(user_cache_dir("coach", appauthor=False)) / "answers")

    def ask_many(self, prompt: str | PromptSpec, schema: type[S], many: Sequence[Mapping[str, str]]) -> list[S]:
        """Independent calls run concurrently (langchain-core `batch`, at most MAX_CONCURRENCY at once), all
        under this request's one deadline; the answers come back in the order asked."""
        from langchain_core.runnables import RunnableLambda

        if len(many) == 1:
            return [self.ask(prompt, schema, many[0])]
        spec = self._spec(prompt)
        if self.redactor is not None:  # placeholders numbered in the order asked, not the order answered
            for variables in many:
                self.redactor.hide_variables(variables)
        call: RunnableLambda[Mapping[str, str], S] = RunnableLambda(lambda v: self.ask(spec, schema, v))
        return call.batch(list(many), config={"max_concurrency": MAX_CONCURRENCY})

    def _spec(self, prompt: str | PromptSpec) -> PromptSpec:
        from coach.model.prompts import load_prompt

        spec = load_prompt(prompt) if isinstance(prompt, str) else prompt
        ref = PromptRef(name=spec.name, version=spec.version, hash=spec.hash)
        if ref not in self.prompts:
            self.prompts.append(ref)
        return spec

    def _hit(self) -> None:
        self.cache_hits += 1

    def common(self, fact_check: FactCheck, warnings: list[str]) -> dict[str, Any]:
        """The common result fields (DESIGN.md) for this run."""
        return {
            "engine": self.engine,
            "model": self.model_name,
            "prompt": self.prompts[0] if self.engine == "llm" and self.prompts else None,
            "fact_check": fact_check,
            "warnings": warnings,
            "cached": self.calls > 0 and self.cache_hits == self.calls,
        }
