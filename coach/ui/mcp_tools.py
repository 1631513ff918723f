"""coach's features as MCP tools (`coach serve --mcp`): an AI assistant (Claude Desktop, Cursor, any MCP client)
calls them at http://127.0.0.1:7860/gradio_api/mcp/.

Gradio turns each API endpoint into a tool named after its function, described by its docstring (the Args
section describes each parameter). These are plain endpoints with typed text in and Markdown out; the UI's own
events are hidden from the tool list (`hide_ui_endpoints`), so an assistant sees four clear tools.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from coach.core import Coach
from coach.errors import CoachError
from coach.readers import builtin_audiences
from coach.ui.translate_view import rewrite_markdown

TOOLS = ("translate", "check", "outcomes", "weekly")


def make_tools(coach: Coach) -> list[Any]:
    """The four tool functions, bound to `coach` (their names and docstrings are what an assistant sees)."""

    def translate(text: str, audience: str = "executive") -> str:
        """Rewrite technical text so a non-technical reader can act on it: business impact first, plain words,
        every number, name and negation kept; returns Markdown with the rewrite, why it matters, each change
        with its reason, and the fact check.

        Args:
            text: The technical text to rewrite (an update, an incident summary, a design note).
            audience: Who will read it: executive, sales, product, data-science, or a short description such as
                "a new CFO who knows SQL".
        """
        result = _run(lambda: coach.translate(text, audience))
        reader = builtin_audiences().get(result.audience)
        return rewrite_markdown(result, reader.name if reader else "the reader you described")

    def check(original: str, draft: str, audience: str = "executive") -> str:
        """Check the user's own rewrite of a technical text for a reader: facts lost or added, jargon left,
        length against the reader's budget, whether the outcome comes first, readability; returns Markdown
        with the findings and suggestions.

        Args:
            original: The technical text the draft is based on.
            draft: The user's own version, written for the reader.
            audience: Who will read it: executive, sales, product, data-science, or a short description.
        """
        r = _run(lambda: coach.check(original, draft, audience=audience))
        lines = [f"**Facts kept:** {'yes' if r.fact_check.ok else 'no'}"]
        if r.fact_check.missing:
            lines.append(f"- missing: {', '.join(r.fact_check.missing)}")
        if r.fact_check.added:
            lines.append(f"- added: {', '.join(r.fact_check.added)}")
        lines.append(f"**Jargon left:** {', '.join(dict.fromkeys(h.term for h in r.jargon_left)) or 'none'}")
        lines.append(f"**Length:** {r.length.words} words (budget {r.length.budget})")
        lines.append(f"**Outcome first:** {'yes' if r.outcome_first else 'no'}")
        lines += ["", "**Suggestions:**", *(f"- {s.text}" for s in r.suggestions)]
        lines += [f"- ⚠ {w}" for w in r.warnings]
        return "\n".join(lines)

    def outcomes(tasks: str) -> str:
        """Turn a task list (one task per line) into outcome statements — what changed, for whom, with what
        result — or, for a task that only names an activity, the one question that would make it an outcome;
        returns a Markdown list.

        Args:
            tasks: The tasks, one per line; bullets and ticket IDs are fine.
        """
        r = _run(lambda: coach.outcomes(tasks))
        lines = []
        for item in r.items:
            ask = f" — ask: {item.question}" if item.question else ""
            lines.append(f"- {item.outcome}{ask}")
        return "\n".join(lines + [f"- ⚠ {w}" for w in r.warnings])

    def weekly(notes: str = "", reader: str = "manager", fmt: str = "markdown") -> str:
        """Draft the weekly Progress / Problems / Plan update from notes, or from this week's outcome log when
        `notes` is empty; returns the update as text.

        Args:
            notes: What happened this week, free text or "Progress:/Problems:/Next week:" lists; empty to use
                the outcome log kept in coach.
            reader: Who reads the update: manager, executive or team.
            fmt: markdown, slack or email.
        """
        r = _run(lambda: coach.weekly(notes=notes or None, reader=reader, fmt=fmt))
        return str(r.text) + "".join(f"\n⚠ {w}" for w in r.warnings)

    return [translate, check, outcomes, weekly]


def _run(fn: Any) -> Any:
    """A tool's failure reaches the assistant as an error with coach's one-line message, never a traceback."""
    try:
        return fn()
    except CoachError as exc:
        raise gr.Error(str(exc)) from None


def add_tools(coach: Coach) -> None:
    """Register the tools as API endpoints of the Blocks being built (call inside `with demo:`)."""
    for tool in make_tools(coach):
        gr.api(tool, api_name=f"tool_{tool.__name__}")  # type: ignore[attr-defined]  # not in gradio's __all__


def hide_ui_endpoints(demo: gr.Blocks) -> None:
    """Leave only the tools in the API list (and so in the MCP tool list); the UI's events stay callable."""
    names = {f"tool_{t}" for t in TOOLS}
    for fn in demo.fns.values():
        if fn.api_name not in names and fn.api_visibility == "public":
            fn.api_visibility = "undocumented"
