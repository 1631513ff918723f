"""Show the prompt: the exact messages a request sent to the model, and the prompt file's name/version/hash.

The messages are recorded where LangChain reports them (a callback on the chat model, `on_chat_model_start`),
so what is shown is what was sent, re-asks included, not a re-rendering that could drift from it. A context
variable keeps each request's record apart: Gradio serves several users at once, and the model calls of one
request run in worker threads that copy the caller's context.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

    from coach.core import Coach
    from coach.flow.results import Common, PromptRef

_RECORD: contextvars.ContextVar[list[list[BaseMessage]] | None] = contextvars.ContextVar("coach_prompt", default=None)


def install(coach: Coach) -> None:
    """Attach the recorder to `coach`'s chat model (once); the offline engine has nothing to record."""
    if coach.chat_model is None:
        return
    from langchain_core.callbacks import BaseCallbackHandler

    class Recorder(BaseCallbackHandler):
        def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[BaseMessage]], **_: Any) -> None:
            record = _RECORD.get()
            if record is not None:
                record.extend(list(m) for m in messages)

    existing = list(coach.chat_model.callbacks or []) if isinstance(coach.chat_model.callbacks, list) else []
    if not any(type(h).__name__ == "Recorder" for h in existing):
        coach.chat_model.callbacks = [*existing, Recorder()]


@contextmanager
def recording(coach: Coach) -> Iterator[list[list[BaseMessage]]]:
    """Collect the messages `coach`'s model is sent inside the block (this thread and the ones it starts)."""
    install(coach)
    record: list[list[BaseMessage]] = []
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)


CACHED = "Answered from the cache: no message was sent this time (COACH_CACHE=off asks every time)."


def prompt_text(result: Common, sent: list[list[BaseMessage]]) -> str:
    """The prompt's name, version and hash, then each message sent, as plain text (shown in a read-only box)."""
    if result.engine != "llm":
        return ""
    return prompts_text([result.prompt] if result.prompt else [], sent)


def prompts_text(refs: Sequence[PromptRef], sent: list[list[BaseMessage]], *, none_sent: str = CACHED) -> str:
    """`prompt_text` for a step that used several prompt files (a practice answer: scoring, then the persona's
    follow-up). With nothing sent: `none_sent` under the head, or '' (no panel) when that is ''."""
    named = [f"{r.name} · version {r.version} · hash {r.hash}" for r in dict.fromkeys(refs)]
    head = f"Prompt {named[0]}" if len(named) == 1 else f"Prompts {'; '.join(named)}" if named else ""
    head = head or "Prompt: not recorded"
    if not sent:
        return f"{head}\n\n{none_sent}" if none_sent else ""
    parts = [head]
    for n, conversation in enumerate(sent, 1):
        if len(sent) > 1:
            parts.append(f"\n=== call {n} of {len(sent)} ===")
        for message in conversation:
            parts.append(f"\n--- {message.type} ---\n{_content(message.content)}")
    return "\n".join(parts)


def prompt_panel(elem_id: str) -> tuple[Any, Callable[[Any], None]]:
    """A hidden "Show the prompt" accordion, and the State a handler writes `prompt_text` into.

    The text travels through a State (which API callers never see, so an endpoint's outputs stay as they were);
    `attach(event)` shows the panel after the event, only when a model was asked.
    """
    import gradio as gr

    state = gr.State("")
    with gr.Accordion("Show the prompt", open=False, visible=False) as box:
        text = gr.Textbox(
            label="Exact messages sent to the model", lines=12, interactive=False, buttons=["copy"], elem_id=elem_id
        )

    def show(prompt: str) -> list[Any]:
        return [gr.Accordion(visible=bool(prompt)), prompt]

    def attach(event: Any) -> None:
        event.then(show, [state], [box, text], api_visibility="private")

    return state, attach


def _content(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    return "\n".join(str(part.get("text", part)) if isinstance(part, dict) else str(part) for part in content)
